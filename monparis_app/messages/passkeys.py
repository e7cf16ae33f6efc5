"""Passkeys ("clés d’accès"): why an addition, a sign-in, a renaming or a removal was refused.

The limits quoted come from the core (``MAX_PASSKEYS``, ``NAME_MAX_LENGTH``,
``RECENT_SESSION_SECONDS``), so the sentence always matches the rule applied.
"""

from __future__ import annotations

from monparis_app.core.passkeys import (
    MAX_PASSKEYS,
    NAME_MAX_LENGTH,
    RECENT_SESSION_SECONDS,
    Refusal,
)
from monparis_app.messages.templates import Template

_RECENT_MINUTES = RECENT_SESSION_SECONDS // 60

REFUSALS: dict[Refusal, Template] = {
    Refusal.CHALLENGE_INVALID: (
        "Cette demande de clé d’accès n’est plus valable. Recommencez depuis le début."
    ),
    Refusal.CHALLENGE_EXPIRED: (
        "Le délai pour utiliser votre clé d’accès est dépassé. Recommencez depuis le début."
    ),
    Refusal.INVALID_RESPONSE: (
        "La clé d’accès n’a pas pu être vérifiée. Réessayez, ou utilisez un autre moyen de "
        "connexion."
    ),
    Refusal.UNKNOWN_CREDENTIAL: (
        "Cette clé d’accès n’est liée à aucun compte Mon Paris. Elle a peut-être été "
        "supprimée : connectez-vous autrement."
    ),
    Refusal.CLONED_AUTHENTICATOR: (
        "Cette clé d’accès a été refusée par sécurité : elle semble avoir été copiée. "
        "Connectez-vous autrement, puis supprimez-la de votre compte."
    ),
    Refusal.ALREADY_REGISTERED: "Cette clé d’accès est déjà enregistrée.",
    Refusal.TOO_MANY: (
        f"Votre compte a déjà {MAX_PASSKEYS} clés d’accès, le maximum. Supprimez-en une "
        "avant d’en ajouter une autre."
    ),
    Refusal.RECENT_SIGN_IN_REQUIRED: (
        "Par sécurité, reconnectez-vous avant d’ajouter une clé d’accès : l’ajout est "
        f"possible dans les {_RECENT_MINUTES} minutes qui suivent la connexion."
    ),
    Refusal.NOT_FOUND: "Cette clé d’accès n’existe pas ou a déjà été supprimée.",
    Refusal.LAST_SIGN_IN_METHOD: (
        "Cette clé d’accès est votre seul moyen de connexion : ajoutez-en une autre avant de "
        "la supprimer."
    ),
    Refusal.NAME_REQUIRED: "Donnez un nom à cette clé d’accès.",
    Refusal.NAME_TOO_LONG: (
        f"Le nom d’une clé d’accès ne peut pas dépasser {NAME_MAX_LENGTH} caractères."
    ),
}

MESSAGES: dict[str, Template] = {
    **{refusal.value: text for refusal, text in REFUSALS.items()},
    "passkey.removed": "La clé d’accès « {name} » a été supprimée.",
}
