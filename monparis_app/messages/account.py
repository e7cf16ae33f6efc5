"""Account page journey ("Gérer vos données personnelles"): profile, login e-mail, password,
sessions, data download and deletion.

Limits and the deletion word come from the core (``FREE_TEXT_MAX``, ``DELETE_CONFIRMATION``,
the identity field lengths) so the sentence always matches the rule applied.
"""

from __future__ import annotations

from monparis_app.core.data_rights import DELETE_CONFIRMATION
from monparis_app.core.identity_fields import NAME_MAX_LENGTH
from monparis_app.core.profile import FREE_TEXT_MAX, POSTCODE_MAX_LENGTH
from monparis_app.messages.signup import EMAIL_INVALID, EMAIL_TOO_LONG
from monparis_app.messages.templates import Plural, Template

PROFILE: dict[str, Template] = {
    "current_password.invalid": "Le mot de passe actuel est incorrect.",
    "current_password.too_many": (
        "Trop d'essais du mot de passe actuel. Pour votre sécurité, réessayez plus tard "
        "ou utilisez « Mot de passe oublié »."
    ),
    "profile.certified": "Cette donnée est certifiée par FranceConnect et ne peut pas être modifiée.",
    "profile.unknown_field": "Cette donnée ne peut pas être modifiée.",
    "profile.saved": "Vos informations ont été enregistrées.",
    "usage_name.invalid": (
        "Le nom d'usage ne peut contenir que des lettres, des espaces, des traits d'union "
        "et des apostrophes."
    ),
    "usage_name.too_long": f"Le nom d'usage ne peut pas dépasser {NAME_MAX_LENGTH} caractères.",
    "birth_date.invalid": "Saisissez une date de naissance valide (JJ/MM/AAAA).",
    "birth_place.invalid": f"Le lieu de naissance ne peut pas dépasser {FREE_TEXT_MAX} caractères.",
    "birth_country.invalid": f"Le pays de naissance ne peut pas dépasser {FREE_TEXT_MAX} caractères.",
    "address_line.invalid": f"L'adresse ne peut pas dépasser {FREE_TEXT_MAX} caractères.",
    "address_postcode.invalid": (
        f"Le code postal ne peut pas dépasser {POSTCODE_MAX_LENGTH} caractères."
    ),
    "address_city.invalid": f"La commune ne peut pas dépasser {FREE_TEXT_MAX} caractères.",
    "address_country.invalid": f"Le pays ne peut pas dépasser {FREE_TEXT_MAX} caractères.",
}

EMAIL_AND_PASSWORD: dict[str, Template] = {
    "new_email.required": "Veuillez saisir votre nouvelle adresse de courriel.",
    "new_email.too_long": EMAIL_TOO_LONG,
    "new_email.invalid": EMAIL_INVALID,
    "new_email.same": "C'est déjà votre courriel de connexion.",
    "email_change.expired": "Cette demande de changement de courriel a expiré. Recommencez.",
    "email_change.sends_exhausted": (
        "Cette demande ne peut plus recevoir de nouveau code. Annulez puis recommencez la demande."
    ),
    "email_change.done": "Votre courriel de connexion est maintenant {email}.",
    "password_change.done": (
        "Votre mot de passe a été modifié. Vos autres sessions ont été terminées et un courriel "
        "de confirmation vous a été envoyé."
    ),
}

SECURITY: dict[str, Template] = {
    "sessions.ended_one": "La session a été terminée.",
    "sessions.already_ended": "Cette session était déjà terminée.",
    "sessions.ended_others": Plural(
        "count",
        zero="Aucune autre session n'était ouverte.",
        one="Votre autre session a été terminée.",
        other="Vos {count} autres sessions ont été terminées.",
    ),
    "sessions.summary": Plural(
        "count",
        zero="Aucune session ouverte.",
        one="{count} session ouverte : celle-ci.",
        other="{count} sessions ouvertes, dont celle-ci.",
    ),
    "data.downloaded": "Le téléchargement de vos données a commencé (fichier {filename}).",
    "delete.confirmation": f"Pour confirmer, saisissez {DELETE_CONFIRMATION} en majuscules.",
    "delete.are_you_sure": "Êtes-vous sûr·e ? Cette action est définitive.",
    # Shown on the home page once the account is gone (``?notice=deleted``).
    "notice.deleted": "Votre compte a été supprimé. Un courriel vous le confirme.",
}

MESSAGES: dict[str, Template] = PROFILE | EMAIL_AND_PASSWORD | SECURITY
