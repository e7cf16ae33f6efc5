"""The French e-mails of the service, as text and HTML, with the sign-up guide's wording.

Each function says what one e-mail says (title, paragraphs, links, why the person gets it);
``email_layout`` renders that once as plain text and once as branded HTML. The wording stays
here rather than in ``monparis_app.messages`` because the core composes e-mails inside the
transaction that needs them and may not import the message catalogue (see the import
contracts in pyproject.toml).

Links are absolute, built from the public URL (``settings.base_url``) and the paths of
``monparis_app.web.routes``, so they work from any mail client.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from html import escape
from zoneinfo import ZoneInfo

from monparis_app.core import clock
from monparis_app.core.email_layout import (
    Block,
    CodeBox,
    Heading,
    Link,
    Message,
    paragraph,
    render_html,
    render_text,
)
from monparis_app.settings import get_settings
from monparis_app.web import routes

SIGNATURE = "L'équipe Mon Paris"
FOOTER = "Ceci est un courriel automatisé de la Mairie de Paris, merci de ne pas y répondre"
PARIS_FR = "https://www.paris.fr"

# Where the code goes in the stored bodies. The outbox keeps the code apart and puts it in only
# when sending, so a stored body never holds a code (see monparis_app.core.outbox).
CODE_MASK = "••••"

# The label of the link every security e-mail carries (``core.security_events``).
NOT_ME_LABEL = "Ce n'était pas moi"

_ACCOUNT_NOTICE = (
    "Vous recevez ce courriel parce que cette adresse est le courriel de connexion d'un compte "
    "Mon Paris."
)


@dataclass(frozen=True)
class EmailContent:
    """``text`` and ``html`` hold ``CODE_MASK`` where ``code`` (if any) is to be shown."""

    kind: str
    subject: str
    text: str
    html: str
    code: str | None = None


def fill_in_code(body: str, code: str | None, *, html: bool = False) -> str:
    """The body as the recipient gets it: the code in place of its mask."""
    if code is None:
        return body
    return body.replace(CODE_MASK, escape(code) if html else code)


def _url(path: str) -> str:
    """An absolute link into the app, from the public URL the app is reached at."""
    return get_settings().base_url + path


def _compose(
    kind: str,
    subject: str,
    blocks: list[Block],
    *,
    reason: str,
    title: str | None = None,
    code: str | None = None,
) -> EmailContent:
    """Text and HTML from the same blocks; ``title`` (the subject by default) heads the body."""
    message = Message(title or subject, tuple(blocks), SIGNATURE, FOOTER, reason)
    return EmailContent(
        kind,
        subject,
        render_text(message),
        render_html(message, subject, _url(routes.HOME)),
        code=code,
    )


def _code_validity(ttl_minutes: int) -> Block:
    return paragraph(
        f"Ce code est valable pendant {ttl_minutes} minutes. Passé ce délai, vous devrez "
        "demander l'envoi d'un nouveau code."
    )


def _forgot_password() -> Link:
    return Link("« Mot de passe oublié ? »", _url(routes.FORGOT_PASSWORD))


def _contact_us() -> Link:
    return Link("contactez-nous", _url(routes.CONTACT))


def _not_me(what: str, not_me_url: str, outcome: str = "") -> Block:
    """The "Ce n'était pas moi" link of a security e-mail: it leads to a page that secures the
    account, so the person has one thing to do rather than a procedure to follow."""
    return paragraph(
        f"Si vous n'êtes pas à l'origine de {what}, cliquez sur ",
        Link(NOT_ME_LABEL, not_me_url),
        f" pour sécuriser votre compte{outcome}. Ce lien est valable 10 jours et ne sert "
        "qu'une fois.",
    )


def registration_code(code: str, ttl_minutes: int) -> EmailContent:
    return _compose(
        "registration_code",
        "Confirmez votre compte Mon Paris",
        [
            paragraph("Votre création de compte est presque terminée !"),
            paragraph(
                "Pour finaliser la création de votre compte, vous devez utiliser le code de "
                "validation à 4 chiffres ci-dessous :"
            ),
            CodeBox(CODE_MASK),
            _code_validity(ttl_minutes),
            paragraph(
                "Après avoir confirmé votre courriel vous pourrez bénéficier de l'ensemble des "
                "services numériques Parisiens et gérer vos données personnelles sur ",
                Link("Mon Paris", _url(routes.HOME)),
                ".",
            ),
        ],
        reason="Vous recevez ce courriel parce que la création d'un compte Mon Paris a été "
        "demandée avec cette adresse.",
        code=code,
    )


def registration_attempt_on_existing_account() -> EmailContent:
    return _compose(
        "registration_attempt_existing",
        "Tentative de création d'un compte Mon Paris avec votre adresse",
        [
            paragraph(
                "Quelqu'un a essayé de créer un compte Mon Paris avec votre adresse de courriel, "
                "qui a déjà un compte."
            ),
            paragraph(
                "Si c'était vous, vous n'avez rien à faire : ",
                Link("connectez-vous", _url(routes.SIGN_IN)),
                " avec votre mot de passe habituel, ou utilisez ",
                _forgot_password(),
                " si vous ne vous en souvenez plus.",
            ),
            paragraph(
                "Si ce n'était pas vous, ignorez ce message : aucun compte n'a été créé et votre "
                "compte n'a pas été modifié."
            ),
        ],
        reason="Vous recevez ce courriel parce que votre adresse a été saisie dans le "
        "formulaire de création de compte Mon Paris.",
    )


def account_created(first_names: str) -> EmailContent:
    return _compose(
        "account_created",
        "Votre compte Mon Paris a bien été créé",
        [
            paragraph(f"Bonjour {first_names},"),
            paragraph("Votre compte a bien été créé !"),
            Heading("Un compte unique"),
            paragraph(
                "Votre compte unique vous permet de bénéficier de l'ensemble des services "
                "numériques Parisiens. Conservez bien vos identifiants."
            ),
            Heading("Gérer vos données personnelles"),
            paragraph(
                "Vous pouvez dès maintenant gérer vos données personnelles sur ",
                Link("Mon Paris", _url(routes.ACCOUNT)),
                ".",
            ),
            Heading("Besoin d'aide ?"),
            paragraph(
                "Pour aller plus loin et en savoir plus sur les services connectés, rendez-vous "
                "sur ",
                Link("paris.fr", PARIS_FR),
                ".",
            ),
            paragraph(
                "Si vous avez des questions ou pour toute autre demande, ", _contact_us(), "."
            ),
        ],
        title="Création de compte Mon Paris",
        reason="Vous recevez ce courriel parce qu'un compte Mon Paris vient d'être créé avec "
        "cette adresse.",
    )


def sign_in_blocked(not_me_url: str) -> EmailContent:
    return _compose(
        "sign_in_blocked",
        "Votre compte Mon Paris : connexion bloquée temporairement",
        [
            paragraph(
                "Plusieurs tentatives de connexion à votre compte Mon Paris ont échoué. Par "
                "sécurité, les connexions sont ralenties pendant quelques minutes."
            ),
            paragraph(
                "Si c'était vous, patientez puis réessayez, ou utilisez ", _forgot_password(), "."
            ),
            paragraph(
                "Si ce n'était pas vous, votre mot de passe n'a pas été trouvé : aucune action "
                "n'est nécessaire. Par précaution, vous pouvez tout de même sécuriser votre "
                "compte avec le lien ",
                Link(NOT_ME_LABEL, not_me_url),
                " (valable 10 jours) : toutes les sessions seront fermées et vous choisirez un "
                "nouveau mot de passe.",
            ),
        ],
        reason=_ACCOUNT_NOTICE,
    )


def password_reset_code(code: str, ttl_minutes: int) -> EmailContent:
    return _compose(
        "password_reset_code",
        "Réinitialisez votre mot de passe Mon Paris",
        [
            paragraph(
                "Vous avez demandé à réinitialiser le mot de passe de votre compte Mon Paris."
            ),
            paragraph(
                "Pour choisir un nouveau mot de passe, utilisez le code de validation à 4 "
                "chiffres ci-dessous :"
            ),
            CodeBox(CODE_MASK),
            _code_validity(ttl_minutes),
            paragraph(
                "Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : votre mot "
                "de passe reste inchangé."
            ),
        ],
        reason="Vous recevez ce courriel parce qu'une réinitialisation du mot de passe a été "
        "demandée pour le compte Mon Paris de cette adresse.",
        code=code,
    )


def password_changed(not_me_url: str) -> EmailContent:
    return _compose(
        "password_changed",
        "Le mot de passe de votre compte Mon Paris a été modifié",
        [
            paragraph(
                "Le mot de passe de votre compte Mon Paris vient d'être modifié. Vos autres "
                "sessions ont été fermées."
            ),
            _not_me(
                "ce changement",
                not_me_url,
                " : toutes les sessions seront fermées et vous choisirez un nouveau mot de passe",
            ),
        ],
        reason=_ACCOUNT_NOTICE,
    )


def email_change_code(code: str, ttl_minutes: int) -> EmailContent:
    return _compose(
        "email_change_code",
        "Validez votre nouveau courriel de connexion Mon Paris",
        [
            paragraph(
                "Vous avez demandé à utiliser cette adresse comme courriel de connexion Mon Paris."
            ),
            paragraph(
                "Pour valider cette adresse, utilisez le code de validation à 4 chiffres "
                "ci-dessous :"
            ),
            CodeBox(CODE_MASK),
            _code_validity(ttl_minutes),
            paragraph("Après validation, votre courriel de connexion sera modifié."),
        ],
        reason="Vous recevez ce courriel parce que cette adresse a été proposée comme nouveau "
        "courriel de connexion d'un compte Mon Paris.",
        code=code,
    )


def email_change_on_taken_address() -> EmailContent:
    return _compose(
        "email_change_taken",
        "Changement de courriel Mon Paris vers votre adresse",
        [
            paragraph(
                "Quelqu'un a demandé à utiliser votre adresse comme courriel de connexion d'un "
                "autre compte Mon Paris. Votre adresse a déjà un compte : la demande n'aboutira "
                "pas."
            ),
            paragraph("Si ce n'était pas vous, ignorez ce message."),
        ],
        reason=_ACCOUNT_NOTICE,
    )


def email_changed(new_email: str, not_me_url: str) -> EmailContent:
    return _compose(
        "email_changed",
        "Votre courriel de connexion Mon Paris a été modifié",
        [
            paragraph(
                f"Votre courriel de connexion Mon Paris est désormais {new_email}. Cette "
                "adresse-ci n'est plus utilisée pour vous connecter."
            ),
            _not_me(
                "ce changement",
                not_me_url,
                " : cette adresse-ci redeviendra votre courriel de connexion",
            ),
        ],
        reason="Vous recevez ce courriel parce que cette adresse était le courriel de "
        "connexion de votre compte Mon Paris.",
    )


def franceconnect_linked(not_me_url: str) -> EmailContent:
    return _compose(
        "franceconnect_linked",
        "Votre compte Mon Paris a été relié à FranceConnect",
        [
            paragraph(
                "Votre compte Mon Paris vient d'être relié à une identité FranceConnect : elle "
                "permet désormais de vous connecter à votre compte."
            ),
            _not_me("ce lien", not_me_url, " : la liaison avec FranceConnect sera supprimée"),
        ],
        reason=_ACCOUNT_NOTICE,
    )


def franceconnect_unlinked(not_me_url: str) -> EmailContent:
    return _compose(
        "franceconnect_unlinked",
        "Votre compte Mon Paris n'est plus relié à FranceConnect",
        [
            paragraph(
                "Le lien entre votre compte Mon Paris et FranceConnect vient d'être supprimé : "
                "FranceConnect ne permet plus de vous connecter à votre compte."
            ),
            _not_me("cette suppression", not_me_url),
        ],
        reason=_ACCOUNT_NOTICE,
    )


def new_device_sign_in(
    device: str, ip_prefix: str, when: datetime, not_me_url: str
) -> EmailContent:
    """Sent for a browser never seen on the account only, so that it stays worth reading."""
    place = f" (adresse proche de {ip_prefix})" if ip_prefix else ""
    return _compose(
        "new_device_sign_in",
        "Nouvelle connexion à votre compte Mon Paris",
        [
            paragraph(
                "Une connexion à votre compte Mon Paris vient d'avoir lieu depuis un appareil ou "
                "un navigateur qui ne s'y était encore jamais connecté :"
            ),
            paragraph(f"C'était {_when(when)}, depuis {device or 'un navigateur'}{place}."),
            paragraph(
                "Si c'était vous, vous n'avez rien à faire : nous ne vous écrirons plus pour les "
                "connexions depuis ce navigateur."
            ),
            _not_me(
                "cette connexion",
                not_me_url,
                " : toutes les sessions seront fermées et vous choisirez un nouveau mot de passe",
            ),
        ],
        reason=_ACCOUNT_NOTICE,
    )


def account_secured() -> EmailContent:
    return _compose(
        "account_secured",
        "Votre compte Mon Paris a été sécurisé",
        [
            paragraph(
                f"À votre demande (lien « {NOT_ME_LABEL} »), votre compte Mon Paris a été "
                "sécurisé : toutes ses sessions ont été fermées, les clés d'accès et la liaison "
                "FranceConnect ajoutées depuis l'événement signalé ont été supprimées, et la "
                "connexion par mot de passe est bloquée."
            ),
            paragraph(
                "Pour vous connecter de nouveau, choisissez un nouveau mot de passe avec le code "
                "envoyé dans un autre courriel, ou avec ",
                _forgot_password(),
                ".",
            ),
            paragraph("Si vous n'êtes pas à l'origine de cette demande, ", _contact_us(), "."),
        ],
        reason=_ACCOUNT_NOTICE,
    )


def account_deleted() -> EmailContent:
    return _compose(
        "account_deleted",
        "Votre compte Mon Paris a été supprimé",
        [
            paragraph(
                "Votre compte Mon Paris et les données qui y étaient attachées ont été supprimés."
            ),
            paragraph(
                "Au revoir, et merci d'avoir utilisé Mon Paris. Vous pouvez ",
                Link("créer un nouveau compte", _url(routes.SIGNUP)),
                " à tout moment.",
            ),
        ],
        reason="Vous recevez ce courriel parce que cette adresse était le courriel de "
        "connexion du compte Mon Paris qui vient d'être supprimé.",
    )


_PARIS = ZoneInfo("Europe/Paris")


def _when(at: datetime | None) -> str:
    """ "le 04/12/2026 à 19:36 (heure de Paris)": the moment as the person lived it."""
    moment = (at or clock.now()).astimezone(_PARIS)
    return f"le {moment:%d/%m/%Y} à {moment:%H:%M} (heure de Paris)"


def _not_you_passkey(still_there: bool) -> Block:
    """What to do if someone else did it; a key still there must be removed too."""
    return paragraph(
        "Si vous n’êtes pas à l’origine de cette action, changez votre mot de passe",
        " et supprimez cette clé d’accès" if still_there else "",
        " depuis ",
        Link("votre compte", _url(routes.ACCOUNT)),
        ", puis ",
        _contact_us(),
        ".",
    )


def passkey_added(
    name: str, at: datetime | None = None, *, not_me_url: str | None = None
) -> EmailContent:
    """``at``: when it was added (now by default). ``not_me_url``: the event's "Ce n'était pas
    moi" link (``core.security_events``), which removes the key and secures the account."""
    not_you = (
        paragraph(
            "Si vous n’êtes pas à l’origine de cette action, cliquez sur ",
            Link(NOT_ME_LABEL, not_me_url),
            " : cette clé d’accès sera supprimée et votre compte sécurisé. Ce lien est valable "
            "10 jours et ne sert qu’une fois.",
        )
        if not_me_url
        else _not_you_passkey(still_there=True)
    )
    return _compose(
        "passkey_added",
        "Une clé d’accès a été ajoutée à votre compte Mon Paris",
        [
            paragraph(
                f"La clé d’accès « {name} » a été ajoutée à votre compte Mon Paris {_when(at)}. "
                "Elle permet désormais de vous connecter sans mot de passe."
            ),
            not_you,
        ],
        reason=_ACCOUNT_NOTICE,
    )


def passkey_removed(name: str, at: datetime | None = None) -> EmailContent:
    """``at``: when it was removed (now by default)."""
    return _compose(
        "passkey_removed",
        "Une clé d’accès a été supprimée de votre compte Mon Paris",
        [
            paragraph(
                f"La clé d’accès « {name} » a été supprimée de votre compte Mon Paris "
                f"{_when(at)}. Elle ne permet plus de vous connecter."
            ),
            _not_you_passkey(still_there=False),
        ],
        reason=_ACCOUNT_NOTICE,
    )
