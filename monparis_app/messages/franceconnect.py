"""FranceConnect journey: the messages of the ``franceconnect.*`` codes and the error page titles.

Each tells the person honestly what happened and what they can do, without technical detail
(the logs keep the precise reason). Titles are keyed ``franceconnect_title.<code>`` so that an
unknown code falls back, by the catalogue's one rule, to the generic title.
"""

from __future__ import annotations

from monparis_app.messages.templates import Template

FRANCECONNECT_MESSAGES: dict[str, str] = {
    "franceconnect.access_denied": "Vous avez annulé la connexion avec FranceConnect.",
    "franceconnect.invalid_scope": (
        "FranceConnect a refusé les informations demandées par Mon Paris. Ce problème ne vient "
        "pas de vous : réessayez plus tard ou créez un compte avec votre courriel."
    ),
    "franceconnect.server_error": (
        "FranceConnect ou le compte choisi a rencontré une erreur. Réessayez, éventuellement "
        "avec un autre compte."
    ),
    "franceconnect.temporarily_unavailable": (
        "FranceConnect est temporairement indisponible. Réessayez dans quelques minutes."
    ),
    "franceconnect.provider_error": (
        "FranceConnect n'a pas pu terminer la connexion. Réessayez dans quelques instants."
    ),
    "franceconnect.timeout": (
        "FranceConnect met trop de temps à répondre. Réessayez dans quelques minutes."
    ),
    "franceconnect.unavailable": (
        "Mon Paris n'arrive pas à joindre FranceConnect pour le moment. Réessayez dans quelques "
        "minutes."
    ),
    "franceconnect.invalid_state": (
        "Cette demande de connexion a expiré ou a déjà été utilisée. Recommencez la connexion "
        "avec FranceConnect."
    ),
    "franceconnect.invalid_response": (
        "La réponse de FranceConnect n'a pas pu être vérifiée. Par sécurité, aucune connexion "
        "n'a été ouverte. Recommencez la connexion avec FranceConnect."
    ),
    "franceconnect.incomplete_identity": (
        "FranceConnect n'a pas transmis toutes les informations nécessaires à la création de "
        "votre compte. Aucun compte n'a été créé. Vous pouvez créer un compte avec votre "
        "courriel."
    ),
    "franceconnect.email_missing": (
        "Le compte que vous avez choisi sur FranceConnect ne transmet pas d'adresse de courriel. "
        "Mon Paris en a besoin pour vous identifier et vous écrire : aucun compte n'a été créé. "
        "Créez votre compte avec votre courriel, ou choisissez un autre compte sur FranceConnect."
    ),
    "franceconnect.account_already_linked": (
        "Un compte Mon Paris utilise déjà ce courriel et il est relié à une autre identité "
        "FranceConnect. Connectez-vous avec votre courriel et votre mot de passe."
    ),
    "franceconnect.redirect_uri_not_allowed": (
        "Cette adresse de retour n'est pas autorisée pour FranceConnect."
    ),
    "franceconnect.link_required": (
        "Un compte Mon Paris existe déjà avec ce courriel. Saisissez son mot de passe pour le "
        "relier à FranceConnect, ou créez un compte avec un autre courriel."
    ),
    "franceconnect.link_expired": (
        "Cette demande d'association a expiré. Recommencez la connexion avec FranceConnect."
    ),
    "franceconnect.terms_required": (
        "Pour créer votre compte Mon Paris avec l'identité transmise par FranceConnect, "
        "acceptez les Conditions Générales d'Utilisation."
    ),
    "franceconnect.creation_expired": (
        "Cette demande de création de compte a expiré ou a déjà été utilisée. Aucun compte n'a "
        "été créé par elle. Recommencez la connexion avec FranceConnect."
    ),
    "franceconnect.creation_cancelled": (
        "Vous avez annulé la création de votre compte. Aucun compte n'a été créé et les "
        "informations transmises par FranceConnect ont été effacées."
    ),
    "franceconnect.linked": "Votre compte est maintenant relié à FranceConnect.",
    "franceconnect.unlinked": (
        "Le lien avec FranceConnect a été supprimé. Vos informations peuvent de nouveau être "
        "modifiées. Connectez-vous désormais avec votre courriel et votre mot de passe."
    ),
    "franceconnect.already_linked": "Votre compte Mon Paris est déjà relié à FranceConnect.",
    "franceconnect.identity_linked_elsewhere": (
        "Cette identité FranceConnect est déjà reliée à un autre compte Mon Paris. Votre compte "
        "n'a pas été modifié. Pour l'utiliser ici, supprimez d'abord le lien depuis l'autre "
        "compte."
    ),
    "franceconnect.not_linked": "Votre compte Mon Paris n'est pas relié à FranceConnect.",
    "franceconnect.unlink_needs_password": (
        "Votre compte n'a pas de mot de passe : sans le lien avec FranceConnect, vous ne "
        "pourriez plus vous connecter. Créez d'abord un mot de passe avec « Mot de passe "
        "oublié ? »."
    ),
    "franceconnect.logout_state": (
        "Vous êtes déconnecté de Mon Paris, mais la déconnexion de FranceConnect n'a pas pu être "
        "confirmée. Fermez votre navigateur si vous êtes sur un ordinateur partagé."
    ),
    "franceconnect.rate_limited": (
        "Trop de connexions avec FranceConnect ont été commencées depuis votre connexion "
        "internet. Patientez quelques minutes avant de réessayer."
    ),
}

TITLE_PREFIX = "franceconnect_title."
DEFAULT_ERROR_TITLE = "La connexion avec FranceConnect n'a pas abouti"
TITLES: dict[str, str] = {
    "franceconnect_title.access_denied": "Connexion avec FranceConnect annulée",
    "franceconnect_title.email_missing": "Mon Paris a besoin de votre courriel",
    "franceconnect_title.creation_cancelled": "Création du compte annulée",
    "franceconnect_title.default": DEFAULT_ERROR_TITLE,
}

MESSAGES: dict[str, Template] = {**FRANCECONNECT_MESSAGES, **TITLES}
