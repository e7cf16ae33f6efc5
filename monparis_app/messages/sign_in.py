"""Sign-in journey: the sign-in form, the session, and the notices after signing out."""

from __future__ import annotations

from monparis_app.messages.templates import Template

MESSAGES: dict[str, Template] = {
    "sign_in.invalid": "Courriel ou mot de passe incorrect.",
    "sign_in.email_required": "Veuillez saisir votre adresse de courriel.",
    "sign_in.password_required": "Veuillez saisir votre mot de passe.",
    "sign_in.captcha_required": (
        "Après plusieurs échecs, saisissez aussi le code de vérification pour vous connecter."
    ),
    "sign_in.blocked": (
        "Trop de tentatives de connexion échouées. Réessayez dans {retry_after} secondes, "
        "ou utilisez « Mot de passe oublié ? »."
    ),
    "sign_in.cookies_required": (
        "Votre navigateur doit accepter les cookies de Mon Paris pour que vous puissiez vous "
        "connecter. Autorisez-les, rechargez la page, puis réessayez."
    ),
    "sign_in.too_fast": (
        "Une autre tentative de connexion à ce compte est en cours. Réessayez dans un instant."
    ),
    "sign_in.ticket_expired": (
        "Votre connexion n'a pas pu aboutir à temps. Veuillez vous connecter à nouveau."
    ),
    "session.required": "Vous devez être connecté·e pour accéder à cette page.",
    # Shown on the home page, keyed by its ``?notice=`` parameter.
    "notice.signed_out": "Vous êtes déconnecté·e de Mon Paris.",
    "notice.franceconnect_signed_out": "Vous êtes déconnecté·e de Mon Paris et de FranceConnect.",
}
