"""Every French message, keyed by the stable codes the core returns.

Pages, GraphQL and e-mails all read this one table: a wording is changed here and nowhere else.
"""

from __future__ import annotations

from monparis_app.core.password_policy import MAX_LENGTH, MIN_LENGTH
from monparis_app.messages_franceconnect import FRANCECONNECT_MESSAGES

MESSAGES: dict[str, str] = {
    # Sex
    "sex.required": "Indiquez votre sexe, tel qu'indiqué sur vos papiers d'identité.",
    "sex.invalid": "Choisissez « Femme » ou « Homme ».",
    # Names
    "first_name.required": "Veuillez saisir votre ou vos prénoms.",
    "first_name.too_long": "Le prénom ne peut pas dépasser 100 caractères.",
    "first_name.invalid": (
        "Le prénom ne peut contenir que des lettres, des espaces, des traits d'union "
        "et des apostrophes."
    ),
    "last_name.required": "Veuillez saisir votre nom de naissance.",
    "last_name.too_long": "Le nom ne peut pas dépasser 100 caractères.",
    "last_name.invalid": (
        "Le nom ne peut contenir que des lettres, des espaces, des traits d'union "
        "et des apostrophes."
    ),
    # E-mail and phone
    "email.required": "Veuillez saisir votre adresse de courriel.",
    "email.too_long": "L'adresse de courriel ne peut pas dépasser 254 caractères.",
    "email.invalid": "Saisissez une adresse de courriel valide, par exemple nom@exemple.fr.",
    "phone.invalid": "Saisissez un numéro de téléphone valide, par exemple 06 12 34 56 78.",
    # Password
    "password.required": "Veuillez créer un mot de passe.",
    "password.too_long": f"Le mot de passe ne peut pas dépasser {MAX_LENGTH} caractères.",
    "password.min_length": f"Le mot de passe doit contenir au moins {MIN_LENGTH} caractères.",
    "password.lowercase": "Le mot de passe doit contenir au moins 1 minuscule.",
    "password.uppercase": "Le mot de passe doit contenir au moins 1 majuscule.",
    "password.digit": "Le mot de passe doit contenir au moins 1 chiffre.",
    "password.special": "Le mot de passe doit contenir au moins 1 caractère spécial.",
    "password.not_common": (
        "Ce mot de passe est trop courant et facile à deviner. Choisissez-en un autre."
    ),
    "password.not_personal": (
        "Le mot de passe ne doit contenir ni votre nom, ni votre prénom, ni votre courriel."
    ),
    "password_confirmation.required": "Veuillez confirmer votre mot de passe.",
    "password_confirmation.mismatch": "Les deux mots de passe ne sont pas identiques.",
    # Terms and captcha
    "accept_terms.required": (
        "Vous devez accepter les Conditions Générales d'Utilisation pour créer votre compte."
    ),
    "captcha.required": "Veuillez saisir le code de vérification.",
    "captcha.invalid": (
        "Le code de vérification est incorrect ou a expiré. Saisissez le nouveau code affiché."
    ),
    # Verification code
    "code.required": "Veuillez saisir le code de validation à 4 chiffres.",
    "code.format": "Le code de validation est composé de 4 chiffres.",
    "code.invalid": "Le code de validation est incorrect.",
    "code.expired": ("Ce code a expiré. Demandez l'envoi d'un nouveau code."),
    "code.too_many_attempts": (
        "Trop d'essais incorrects : ce code n'est plus valable. Demandez l'envoi d'un nouveau code."
    ),
    "code.resend_limit": (
        "Vous avez demandé trop de codes pour cette inscription. Recommencez votre inscription."
    ),
    "flow.expired": (
        "Votre demande de création de compte a expiré ou n'existe pas. Recommencez votre inscription."
    ),
    "flow.completed": "Votre compte a déjà été créé. Vous pouvez vous connecter.",
    "rate_limited": "Trop de tentatives. Réessayez dans {retry_after} secondes.",
    # Sign-in
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
    "session.required": "Vous devez être connecté·e pour accéder à cette page.",
    # Account page
    "current_password.invalid": "Le mot de passe actuel est incorrect.",
    "current_password.required": "Veuillez saisir votre mot de passe actuel.",
    "profile.certified": "Cette donnée est certifiée par FranceConnect et ne peut pas être modifiée.",
    "profile.unknown_field": "Cette donnée ne peut pas être modifiée.",
    "usage_name.invalid": (
        "Le nom d'usage ne peut contenir que des lettres, des espaces, des traits d'union "
        "et des apostrophes."
    ),
    "usage_name.too_long": "Le nom d'usage ne peut pas dépasser 100 caractères.",
    "birth_date.invalid": "Saisissez une date de naissance valide (JJ/MM/AAAA).",
    "birth_place.invalid": "Le lieu de naissance ne peut pas dépasser 200 caractères.",
    "birth_country.invalid": "Le pays de naissance ne peut pas dépasser 200 caractères.",
    "address_line.invalid": "L'adresse ne peut pas dépasser 200 caractères.",
    "address_postcode.invalid": "Le code postal ne peut pas dépasser 10 caractères.",
    "address_city.invalid": "La commune ne peut pas dépasser 200 caractères.",
    "address_country.invalid": "Le pays ne peut pas dépasser 200 caractères.",
    "new_email.required": "Veuillez saisir votre nouvelle adresse de courriel.",
    "new_email.too_long": "L'adresse de courriel ne peut pas dépasser 254 caractères.",
    "new_email.invalid": "Saisissez une adresse de courriel valide, par exemple nom@exemple.fr.",
    "new_email.same": "C'est déjà votre courriel de connexion.",
    "email_change.expired": "Cette demande de changement de courriel a expiré. Recommencez.",
    "delete.confirmation": "Pour confirmer, saisissez SUPPRIMER en majuscules.",
}


MESSAGES.update(FRANCECONNECT_MESSAGES)


def message_for(code: str, **params: object) -> str:
    """The French text for ``code``; an unknown code still gets a sentence, never a raw key."""
    template = MESSAGES.get(code, "Cette valeur n'est pas acceptée.")
    return template.format(**params) if params else template
