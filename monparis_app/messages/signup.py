"""Sign-up journey: the form's fields (shared with the profile and FranceConnect), its flow.

The limits quoted to the person are the core's own constants, so a sentence cannot promise
100 characters while the rule allows another number.
"""

from __future__ import annotations

from monparis_app.core.identity_fields import EMAIL_MAX_LENGTH, NAME_MAX_LENGTH
from monparis_app.core.password_policy import MAX_LENGTH, MIN_LENGTH
from monparis_app.messages.templates import Plural, Template

_LETTERS_ONLY = (
    "ne peut contenir que des lettres, des espaces, des traits d'union et des apostrophes."
)
EMAIL_TOO_LONG = f"L'adresse de courriel ne peut pas dépasser {EMAIL_MAX_LENGTH} caractères."
EMAIL_INVALID = "Saisissez une adresse de courriel valide, par exemple nom@exemple.fr."

IDENTITY: dict[str, Template] = {
    "sex.required": "Indiquez votre sexe, tel qu'indiqué sur vos papiers d'identité.",
    "sex.invalid": "Choisissez « Femme » ou « Homme ».",
    "first_name.required": "Veuillez saisir votre ou vos prénoms.",
    "first_name.too_long": f"Le prénom ne peut pas dépasser {NAME_MAX_LENGTH} caractères.",
    "first_name.invalid": f"Le prénom {_LETTERS_ONLY}",
    "last_name.required": "Veuillez saisir votre nom de naissance.",
    "last_name.too_long": f"Le nom ne peut pas dépasser {NAME_MAX_LENGTH} caractères.",
    "last_name.invalid": f"Le nom {_LETTERS_ONLY}",
    "email.required": "Veuillez saisir votre adresse de courriel.",
    "email.too_long": EMAIL_TOO_LONG,
    "email.invalid": EMAIL_INVALID,
    "phone.invalid": "Saisissez un numéro de téléphone valide, par exemple 06 12 34 56 78.",
}

PASSWORD: dict[str, Template] = {
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
    "password.hint": (
        "Idéalement long, avec des symboles (? ! - €, par exemple), des minuscules, majuscules et "
        "chiffres."
    ),
    "password.confirmation_hint": (
        f"Veillez saisir votre nouveau mot de passe. Il doit contenir au moins {MIN_LENGTH} "
        "caractères, et être constitué d'au moins 1 minuscule, 1 majuscule, 1 chiffre et "
        "1 caractère spécial."
    ),
    "password.all_rules_met": "Le mot de passe respecte toutes les règles.",
    "password_confirmation.required": "Veuillez confirmer votre mot de passe.",
    "password_confirmation.mismatch": "Les deux mots de passe ne sont pas identiques.",
}

FORM: dict[str, Template] = {
    "accept_terms.required": (
        "Vous devez accepter les Conditions Générales d'Utilisation pour créer votre compte."
    ),
    "captcha.hint": (
        "Pour vérifier que vous n'êtes pas une machine, merci de saisir les caractères lus ou "
        "entendus du code de vérification qui s'affiche ci-dessus."
    ),
    "captcha.image_alt": (
        "Code de vérification : image de caractères à recopier. Si vous ne pouvez pas la lire, "
        "utilisez le bouton « Écouter le code »."
    ),
    "captcha.required": "Veuillez saisir le code de vérification.",
    "captcha.invalid": (
        "Le code de vérification est incorrect ou a expiré. Saisissez le nouveau code affiché."
    ),
    "flow.expired": (
        "Votre demande de création de compte a expiré ou n'existe pas. Recommencez votre inscription."
    ),
    "flow.completed": "Votre compte a déjà été créé. Vous pouvez vous connecter.",
    "signup.form_errors": Plural(
        "count",
        one="Le formulaire contient {count} erreur. Corrigez les champs signalés.",
        other="Le formulaire contient {count} erreurs. Corrigez les champs signalés.",
    ),
}

MESSAGES: dict[str, Template] = IDENTITY | PASSWORD | FORM
