"""The French e-mails of the service, as text and HTML, with the sign-up guide's wording."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from monparis_app.settings import get_settings

SIGNATURE = "L'équipe Mon Paris"
FOOTER = "Ceci est un courriel automatisé de la Mairie de Paris, merci de ne pas y répondre"


@dataclass(frozen=True)
class EmailContent:
    kind: str
    subject: str
    text: str
    html: str


def _compose(kind: str, subject: str, paragraphs: list[str], highlight: str | None = None) -> EmailContent:
    """Text and HTML from the same paragraphs, so both versions always say the same thing.

    ``highlight`` (the code) stands on its own line, large in HTML, so it is easy to copy.
    """
    text_parts = [*paragraphs[:1]]
    html_parts = [f"<p>{escape(paragraphs[0])}</p>"] if paragraphs else []
    rest = paragraphs[1:]
    if highlight is not None:
        lead, rest = rest[0], rest[1:]
        text_parts += [lead, highlight]
        html_parts += [
            f"<p>{escape(lead)}</p>",
            '<p style="font-size:28px;font-weight:bold;letter-spacing:6px">'
            f"{escape(highlight)}</p>",
        ]
    text_parts += rest + [SIGNATURE, "", FOOTER]
    html_parts += [f"<p>{escape(p)}</p>" for p in rest]
    html_parts += [f"<p>{escape(SIGNATURE)}</p>", f'<p style="color:#555;font-size:12px">{escape(FOOTER)}</p>']
    html = (
        '<!doctype html><html lang="fr"><head><meta charset="utf-8">'
        f"<title>{escape(subject)}</title></head><body>{''.join(html_parts)}</body></html>"
    )
    return EmailContent(kind, subject, "\n\n".join(text_parts).replace("\n\n\n\n", "\n\n") + "\n", html)


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
