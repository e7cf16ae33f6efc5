"""The French e-mails of the service, as text and HTML, with the sign-up guide's wording."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from monparis_app.settings import get_settings

SIGNATURE = "L'équipe Mon Paris"
FOOTER = "Ceci est un courriel automatisé de la Mairie de Paris, merci de ne pas y répondre"


# Where the code goes in the stored bodies. The outbox keeps the code apart and puts it in only
# when sending, so a stored body never holds a code (see monparis_app.core.outbox).
CODE_MASK = "••••"


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


def _compose(
    kind: str, subject: str, paragraphs: list[str], highlight: str | None = None
) -> EmailContent:
    """Text and HTML from the same paragraphs, so both versions always say the same thing.

    ``highlight`` (the code) stands on its own line, large in HTML, so it is easy to copy; the
    bodies carry its mask and the content carries the code, for the outbox to keep apart.
    """
    text_parts = [*paragraphs[:1]]
    html_parts = [f"<p>{escape(paragraphs[0])}</p>"] if paragraphs else []
    rest = paragraphs[1:]
    if highlight is not None:
        lead, rest = rest[0], rest[1:]
        text_parts += [lead, CODE_MASK]
        html_parts += [
            f"<p>{escape(lead)}</p>",
            f'<p style="font-size:28px;font-weight:bold;letter-spacing:6px">{CODE_MASK}</p>',
        ]
    text_parts += [*rest, SIGNATURE, "", FOOTER]
    html_parts += [f"<p>{escape(p)}</p>" for p in rest]
    html_parts += [
        f"<p>{escape(SIGNATURE)}</p>",
        f'<p style="color:#555;font-size:12px">{escape(FOOTER)}</p>',
    ]
    html = (
        '<!doctype html><html lang="fr"><head><meta charset="utf-8">'
        f"<title>{escape(subject)}</title></head><body>{''.join(html_parts)}</body></html>"
    )
    return EmailContent(
        kind,
        subject,
        "\n\n".join(text_parts).replace("\n\n\n\n", "\n\n") + "\n",
        html,
        code=highlight,
    )


def registration_code(code: str, ttl_minutes: int) -> EmailContent:
    return _compose(
        "registration_code",
        "Confirmez votre compte Mon Paris",
        [
            "Votre création de compte est presque terminée !",
            "Pour finaliser la création de votre compte, vous devez utiliser le code de "
            "validation à 4 chiffres ci-dessous :",
            f"Ce code est valable pendant {ttl_minutes} minutes. Passé ce délai, vous devrez "
            "demander l'envoi d'un nouveau code.",
            "Après avoir confirmé votre courriel vous pourrez bénéficier de l'ensemble des "
            "services numériques Parisiens et gérer vos données personnelles sur Mon Paris "
            f"({get_settings().base_url}).",
        ],
        highlight=code,
    )


def registration_attempt_on_existing_account() -> EmailContent:
    return _compose(
        "registration_attempt_existing",
        "Tentative de création d'un compte Mon Paris avec votre adresse",
        [
            "Quelqu'un a essayé de créer un compte Mon Paris avec votre adresse de courriel, "
            "qui a déjà un compte.",
            "Si c'était vous, vous n'avez rien à faire : connectez-vous avec votre mot de passe "
            "habituel, ou utilisez « Mot de passe oublié ? » si vous ne vous en souvenez plus.",
            "Si ce n'était pas vous, ignorez ce message : aucun compte n'a été créé et votre "
            "compte n'a pas été modifié.",
        ],
    )


def account_created(first_names: str) -> EmailContent:
    return _compose(
        "account_created",
        "Votre compte Mon Paris a bien été créé",
        [
            f"Bonjour {first_names},",
            "Votre compte a bien été créé !",
            "Un compte unique : votre compte unique vous permet de bénéficier de l'ensemble des "
            "services numériques Parisiens. Conservez bien vos identifiants.",
            "Vous pouvez dès maintenant gérer vos données personnelles sur Mon Paris "
            f"({get_settings().base_url}).",
            "Besoin d'aide ? Pour aller plus loin et en savoir plus sur les services connectés, "
            "rendez-vous sur paris.fr.",
        ],
    )


def sign_in_blocked() -> EmailContent:
    return _compose(
        "sign_in_blocked",
        "Votre compte Mon Paris : connexion bloquée temporairement",
        [
            "Plusieurs tentatives de connexion à votre compte Mon Paris ont échoué. Par "
            "sécurité, les connexions sont ralenties pendant quelques minutes.",
            "Si c'était vous, patientez puis réessayez, ou utilisez « Mot de passe oublié ? ».",
            "Si ce n'était pas vous, votre mot de passe n'a pas été trouvé : aucune action n'est "
            "nécessaire, mais vous pouvez le changer depuis votre compte par précaution.",
        ],
    )


def password_reset_code(code: str, ttl_minutes: int) -> EmailContent:
    return _compose(
        "password_reset_code",
        "Réinitialisez votre mot de passe Mon Paris",
        [
            "Vous avez demandé à réinitialiser le mot de passe de votre compte Mon Paris.",
            "Pour choisir un nouveau mot de passe, utilisez le code de validation à 4 chiffres "
            "ci-dessous :",
            f"Ce code est valable pendant {ttl_minutes} minutes. Passé ce délai, vous devrez "
            "demander l'envoi d'un nouveau code.",
            "Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : votre mot de "
            "passe reste inchangé.",
        ],
        highlight=code,
    )


def password_changed() -> EmailContent:
    return _compose(
        "password_changed",
        "Le mot de passe de votre compte Mon Paris a été modifié",
        [
            "Le mot de passe de votre compte Mon Paris vient d'être modifié. Vos autres sessions "
            "ont été fermées.",
            "Si vous n'êtes pas à l'origine de ce changement, utilisez immédiatement « Mot de "
            "passe oublié ? » sur la page de connexion, puis contactez-nous.",
        ],
    )


def email_change_code(code: str, ttl_minutes: int) -> EmailContent:
    return _compose(
        "email_change_code",
        "Validez votre nouveau courriel de connexion Mon Paris",
        [
            "Vous avez demandé à utiliser cette adresse comme courriel de connexion Mon Paris.",
            "Pour valider cette adresse, utilisez le code de validation à 4 chiffres ci-dessous :",
            f"Ce code est valable pendant {ttl_minutes} minutes. Passé ce délai, vous devrez "
            "demander l'envoi d'un nouveau code.",
            "Après validation, votre courriel de connexion sera modifié.",
        ],
        highlight=code,
    )


def email_change_on_taken_address() -> EmailContent:
    return _compose(
        "email_change_taken",
        "Changement de courriel Mon Paris vers votre adresse",
        [
            "Quelqu'un a demandé à utiliser votre adresse comme courriel de connexion d'un autre "
            "compte Mon Paris. Votre adresse a déjà un compte : la demande n'aboutira pas.",
            "Si ce n'était pas vous, ignorez ce message.",
        ],
    )


def email_changed(new_email: str) -> EmailContent:
    return _compose(
        "email_changed",
        "Votre courriel de connexion Mon Paris a été modifié",
        [
            f"Votre courriel de connexion Mon Paris est désormais {new_email}. Cette adresse-ci "
            "n'est plus utilisée pour vous connecter.",
            "Si vous n'êtes pas à l'origine de ce changement, contactez-nous immédiatement.",
        ],
    )


def account_deleted() -> EmailContent:
    return _compose(
        "account_deleted",
        "Votre compte Mon Paris a été supprimé",
        [
            "Votre compte Mon Paris et les données qui y étaient attachées ont été supprimés.",
            "Au revoir, et merci d'avoir utilisé Mon Paris. Vous pouvez créer un nouveau compte "
            "à tout moment.",
        ],
    )
