"""The pages every French public site has: CGU, personal data, legal notice, accessibility.

The personal-data page prints its retention periods from the settings the purges read
(``MONPARIS_FLOW_TTL_SECONDS``, ``MONPARIS_MAIL_RETENTION_DAYS``…) and the core's rules (the
IP prefix kept), so the policy cannot say one thing while the service does another.
"""

from __future__ import annotations

from datetime import date

import reflex as rx

from monparis_app.components.layout import ACCESSIBILITY_STATUS, page_layout
from monparis_app.components.links import app_link
from monparis_app.settings import get_settings
from monparis_app.web import routes

CITY_ADDRESS = "Ville de Paris, Hôtel de Ville, 75004 Paris"
USER_SERVICE_ADDRESS = (
    "Ville de Paris — Direction de la Démocratie, des Citoyen·ne·s et des Territoires (DDCT), "
    "Service de la Relation Usager·ère, 4 rue Lobau, 75004 Paris"
)
DPO_ADDRESS = "Délégué·e à la protection des données, Ville de Paris, Hôtel de Ville, 75004 Paris"
# The self-assessment the accessibility statement reports (axe-core run and keyboard journey).
ACCESSIBILITY_REVIEW_DATE = date(2026, 12, 3)
# IPv4 /24 and IPv6 /48: what ``core.client_info.truncate_ip`` keeps of an address.
IP_PREFIXES = "/24 pour une adresse IPv4, /48 pour une adresse IPv6"
MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip


def french_date(day: date) -> str:
    """ "3 décembre 2026" (a statement's date, written as people read it)."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def french_duration(seconds: int) -> str:
    """A setting's seconds in the largest whole unit: "1 heure", "10 minutes", "30 jours"."""
    for unit, name in ((86_400, "jour"), (3_600, "heure"), (60, "minute"), (1, "seconde")):
        if seconds % unit == 0:
            count = seconds // unit
            return f"{count} {name}{'s' if count > 1 else ''}"
    raise AssertionError("unreachable: every whole number of seconds is a whole unit")


def section(title: str, *paragraphs: str | rx.Component) -> rx.Component:
    return rx.el.section(
        rx.el.h2(title), *[rx.el.p(p) if isinstance(p, str) else p for p in paragraphs]
    )


def bullets(*items: str | rx.Component) -> rx.Component:
    return rx.el.ul(*[rx.el.li(item) for item in items])


def external(text: str, href: str) -> rx.Component:
    return rx.el.a(text, href=href)


# --- CGU ------------------------------------------------------------------------------------


def terms_page() -> rx.Component:
    return page_layout(
        rx.el.h1("Conditions Générales d'Utilisation du compte Mon Paris"),
        section(
            "Objet",
            "Le compte Mon Paris permet à l'usager·ère de s'authentifier puis de gérer un espace "
            "personnel pour accéder aux services numériques de la Ville de Paris. Certaines "
            "démarches restent accessibles sans compte.",
        ),
        section("Éditeur", USER_SERVICE_ADDRESS + "."),
        section(
            "Création du compte",
            "La création du compte suppose l'acceptation des présentes conditions. L'usager·ère "
            "s'engage à fournir des informations exactes, tel qu'indiqué sur ses papiers "
            "d'identité, et à conserver ses identifiants confidentiels.",
        ),
        section(
            "Sécurité",
            "Le mot de passe est conservé sous une forme qui ne permet pas de le retrouver. Les "
            "tentatives répétées de connexion ou de création de compte sont limitées.",
        ),
        section(
            "Suppression",
            "L'usager·ère peut supprimer son compte à tout moment depuis la page « Gérer vos "
            "données personnelles ».",
        ),
    )


# --- Personal data --------------------------------------------------------------------------


def kept_data() -> rx.Component:
    return section(
        "Données conservées",
        bullets(
            "Votre identité : sexe, prénom(s), nom de naissance et nom d'usage ; si vous utilisez "
            "FranceConnect, les données d'identité certifiées qu'il transmet et son identifiant "
            "de votre compte.",
            "Vos coordonnées : adresse de courriel de connexion, numéro de téléphone (facultatif) "
            "et adresse postale si vous la renseignez.",
            "Vos données de naissance : date, commune et pays de naissance, si vous les "
            "renseignez ou si FranceConnect les transmet.",
            "Votre mot de passe, sous une forme qui ne permet pas de le retrouver, et la date de "
            "son dernier changement ; la date d'acceptation des conditions d'utilisation.",
            "Le journal d'activité de votre compte (créations, connexions, tentatives échouées, "
            "modifications, déconnexions) avec, pour chaque événement, le type d'appareil "
            f"(« Chrome sur Android ») et le préfixe de l'adresse IP ({IP_PREFIXES}), jamais "
            "l'adresse complète : de quoi reconnaître un réseau, pas une personne. Les sessions "
            "ouvertes sont enregistrées de la même façon.",
            "Les courriels qui vous sont envoyés (codes de validation, confirmations, alertes).",
        ),
    )


def retention() -> rx.Component:
    settings = get_settings()
    return section(
        "Durées de conservation",
        bullets(
            "Une inscription non terminée est effacée au plus tard "
            f"{french_duration(settings.flow_ttl_seconds)} après son début.",
            "Un code de validation envoyé par courriel n'est plus valable après "
            f"{french_duration(settings.code_ttl_seconds)} ; un code de vérification (captcha) "
            f"après {french_duration(settings.captcha_ttl_seconds)}.",
            "Une session se ferme après "
            f"{french_duration(settings.session_idle_seconds)} sans activité, et au plus tard "
            f"{french_duration(settings.session_max_seconds)} après la connexion.",
            "Les courriels envoyés sont effacés "
            f"{french_duration(settings.mail_retention_days * 86_400)} après leur envoi.",
            "Les données du compte et son journal d'activité sont conservés jusqu'à la "
            "suppression du compte, qui les efface tous.",
        ),
    )


def privacy_page() -> rx.Component:
    return page_layout(
        rx.el.h1("Politique de gestion des données à caractère personnel"),
        section(
            "Responsable du traitement",
            f"{CITY_ADDRESS}. Le compte Mon Paris est géré par le Service de la Relation "
            "Usager·ère (DDCT), 4 rue Lobau, 75004 Paris.",
        ),
        kept_data(),
        section(
            "Finalités",
            "Ces données servent à créer et sécuriser votre compte, à vous identifier auprès des "
            "services de la Ville, à vous contacter au sujet de vos démarches, et à vous montrer "
            "l'activité de votre compte pour que vous repériez un accès qui ne serait pas le "
            "vôtre.",
        ),
        section(
            "Base légale",
            "Le traitement est nécessaire à l'exécution d'une mission d'intérêt public dont est "
            "investie la Ville de Paris : l'accès des usager·ère·s à ses services en ligne "
            "(article 6.1.e du règlement général sur la protection des données, RGPD).",
        ),
        section(
            "Destinataires",
            "Les services de la Ville de Paris chargés du compte Mon Paris.",
        ),
        retention(),
        section(
            "Vos droits",
            "Vous pouvez consulter, corriger, télécharger et supprimer vos données depuis votre "
            "compte. Vous disposez aussi d'un droit d'accès, de rectification, d'effacement, de "
            "limitation et d'opposition (articles 15 à 21 du RGPD).",
            rx.el.p(
                "Pour exercer ces droits ou pour toute question, écrivez au délégué·e à la "
                f"protection des données de la Ville de Paris : {DPO_ADDRESS}, ou passez par la "
                "page ",
                app_link("Contact", href=routes.CONTACT),
                ".",
            ),
            rx.el.p(
                "Si vous estimez que vos droits ne sont pas respectés, vous pouvez adresser une "
                "réclamation à la Commission nationale de l'informatique et des libertés (CNIL), "
                "3 place de Fontenoy, TSA 80715, 75334 Paris Cedex 07, ou en ligne sur ",
                external("cnil.fr", "https://www.cnil.fr/fr/plaintes"),
                ".",
            ),
        ),
    )


# --- Legal notice ---------------------------------------------------------------------------


def legal_notice_page() -> rx.Component:
    return page_layout(
        rx.el.h1("Mentions légales"),
        section(
            "Éditeur",
            f"Le service Mon Paris est édité par la {CITY_ADDRESS}. Il est conçu et géré par la "
            "Direction de la Démocratie, des Citoyen·ne·s et des Territoires (DDCT), Service de "
            "la Relation Usager·ère, 4 rue Lobau, 75004 Paris.",
        ),
        section("Directeur ou directrice de la publication", "La Maire de Paris."),
        section("Hébergement", f"Le service est hébergé par la {CITY_ADDRESS}."),
        section(
            "Données personnelles",
            rx.el.p(
                "Le traitement de vos données est décrit sur la page ",
                app_link("Données personnelles", href=routes.PRIVACY),
                ".",
            ),
        ),
        section(
            "Accessibilité",
            rx.el.p(
                f"Le service est {ACCESSIBILITY_STATUS} avec le RGAA 4.1 : voir la ",
                app_link("déclaration d'accessibilité", href=routes.ACCESSIBILITY),
                ".",
            ),
        ),
        section(
            "Propriété intellectuelle",
            "Les textes de ce service sont la propriété de la Ville de Paris. Le bouton et le "
            "logo FranceConnect appartiennent à l'État. Le texte est composé en Source Sans 3, "
            "police distribuée sous licence SIL Open Font License 1.1.",
        ),
    )


# --- Accessibility statement ------------------------------------------------------------------


def checked_pages() -> rx.Component:
    return bullets(
        "Accueil, « En savoir plus sur le compte Mon Paris », Contact",
        "Création de compte : formulaire, code de validation, compte créé",
        "Connexion et mot de passe oublié",
        "Mon compte (données personnelles, courriel, mot de passe, sessions, suppression)",
        "Pages FranceConnect (aide, liaison du compte, fin de création, erreurs)",
        "Conditions générales d'utilisation, Données personnelles, Mentions légales, "
        "Accessibilité, page introuvable",
    )


def recourse() -> rx.Component:
    return section(
        "Voies de recours",
        "Si vous nous avez signalé un défaut d'accessibilité qui vous empêche d'accéder à un "
        "contenu ou à un service et que vous n'avez pas obtenu de réponse satisfaisante, vous "
        "pouvez :",
        bullets(
            external(
                "écrire un message au Défenseur des droits",
                "https://formulaire.defenseurdesdroits.fr/",
            ),
            external(
                "contacter le délégué ou la déléguée du Défenseur des droits dans votre région",
                "https://www.defenseurdesdroits.fr/saisir/delegues",
            ),
            "envoyer un courrier par la poste (gratuit, ne pas mettre de timbre) : Défenseur "
            "des droits, Libre réponse 71120, 75342 Paris CEDEX 07.",
        ),
    )


def accessibility_page() -> rx.Component:
    reviewed = french_date(ACCESSIBILITY_REVIEW_DATE)
    return page_layout(
        rx.el.h1("Déclaration d'accessibilité"),
        rx.el.p(
            "La Ville de Paris s'engage à rendre ses services en ligne accessibles, conformément "
            "à l'article 47 de la loi n° 2005-102 du 11 février 2005. Cette déclaration "
            "d'accessibilité s'applique au service Mon Paris, le compte personnel des services "
            "en ligne de la Ville."
        ),
        section(
            "État de conformité",
            f"Le service Mon Paris est {ACCESSIBILITY_STATUS} avec le référentiel général "
            "d'amélioration de l'accessibilité (RGAA), version 4.1, en l'absence d'un audit de "
            "conformité complet, qui reste à mener.",
        ),
        section(
            "Résultats des tests",
            f"Une autoévaluation a été réalisée le {reviewed} par l'équipe du service. Ce n'est "
            "pas un audit complet du RGAA : aucun taux de conformité n'est donc annoncé.",
            "Méthode : l'outil axe-core (règles des WCAG 2.0, 2.1 et 2.2, niveaux A et AA) a été "
            "passé sur chaque page et chacun de ses états (erreurs, messages, formulaires "
            "ouverts), en thème clair et en thème sombre, sans aucune erreur relevée ; la "
            "création de compte a été réalisée entièrement au clavier. Les critères qu'un outil "
            "automatique ne peut pas juger (pertinence des alternatives, restitution par les "
            "lecteurs d'écran…) restent à vérifier par un audit.",
        ),
        section(
            "Contenus non accessibles",
            "Non-conformités : aucune connue à ce jour.",
            "Dérogations pour charge disproportionnée : aucune.",
            "Contenus non soumis à l'obligation d'accessibilité : aucun. Le code de vérification "
            "(captcha) est proposé en image et à l'écoute, en français.",
        ),
        section(
            "Établissement de cette déclaration",
            f"Cette déclaration a été établie le {reviewed}.",
            "Technologies utilisées : HTML, CSS, JavaScript, WAI-ARIA. Environnement de test : "
            "navigateur Chromium avec l'outil axe-core, navigation au clavier.",
            "Pages vérifiées :",
            checked_pages(),
        ),
        section(
            "Retour d'information et contact",
            rx.el.p(
                "Si vous n'arrivez pas à accéder à un contenu ou à un service, contactez-nous "
                "pour être orienté·e vers une alternative accessible ou obtenir le contenu sous "
                "une autre forme : ",
                app_link("page Contact", href=routes.CONTACT),
                f", ou par courrier : {USER_SERVICE_ADDRESS}.",
            ),
        ),
        recourse(),
    )


def register(app: rx.App) -> None:
    app.add_page(
        terms_page, route=routes.TERMS, title="Conditions Générales d'Utilisation — Mon Paris"
    )
    app.add_page(privacy_page, route=routes.PRIVACY, title="Données personnelles — Mon Paris")
    app.add_page(legal_notice_page, route=routes.LEGAL_NOTICE, title="Mentions légales — Mon Paris")
    app.add_page(accessibility_page, route=routes.ACCESSIBILITY, title="Accessibilité — Mon Paris")
