"""Verification codes (sign-up, password reset, e-mail change) and the generic rate limit.

The code's length is the core's ``CODE_LENGTH``; the tries left are counted in the sentence
itself (``code.invalid_attempts_left``), so no page glues "Il vous reste…" onto a message.
"""

from __future__ import annotations

from monparis_app.core.verification_codes import CODE_LENGTH
from monparis_app.messages.templates import Plural, Template

CODE_INVALID = "Le code de validation est incorrect."

MESSAGES: dict[str, Template] = {
    "code.required": f"Veuillez saisir le code de validation à {CODE_LENGTH} chiffres.",
    "code.format": f"Le code de validation est composé de {CODE_LENGTH} chiffres.",
    "code.invalid": CODE_INVALID,
    "code.invalid_attempts_left": Plural(
        "attempts_left",
        one=f"{CODE_INVALID} Il vous reste {{attempts_left}} essai.",
        other=f"{CODE_INVALID} Il vous reste {{attempts_left}} essais.",
    ),
    "code.expired": "Ce code a expiré. Demandez l'envoi d'un nouveau code.",
    "code.replaced": (
        "Un nouveau code vous a été envoyé : celui-ci n'est plus valable. "
        "Saisissez le dernier code reçu."
    ),
    "code.too_many_attempts": (
        "Trop d'essais incorrects : ce code n'est plus valable. Demandez l'envoi d'un nouveau code."
    ),
    "code.resend_limit": (
        "Vous avez demandé trop de codes pour cette inscription. Recommencez votre inscription."
    ),
    "code.sent_again": "Un nouveau code a été envoyé à {email}.",
    "rate_limited": "Trop de tentatives. Réessayez dans {retry_after} secondes.",
}
