"""The two pages the terms checkbox links to: our CGU and our personal-data policy."""

from __future__ import annotations

import reflex as rx

from monparis_app.components.layout import page_layout
from monparis_app.web import routes


def section(title: str, *paragraphs: str) -> rx.Component:
    return rx.el.section(rx.el.h2(title), *[rx.el.p(p) for p in paragraphs])


def terms_page() -> rx.Component:
    return page_layout(
        rx.el.h1("Conditions Générales d'Utilisation du compte Mon Paris"),
        section(
            "Objet",
            "Le compte Mon Paris permet à l'usager·ère de s'authentifier puis de gérer un espace "
            "personnel pour accéder aux services numériques de la Ville de Paris. Certaines "
            "démarches restent accessibles sans compte.",
        ),
        section(
            "Éditeur",
            "Ville de Paris — Direction de la Démocratie, des Citoyen·ne·s et des Territoires "
            "(DDCT), Service de la Relation Usager·ère, 4 rue Lobau, 75004 Paris.",
        ),
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


def privacy_page() -> rx.Component:
    return page_layout(
        rx.el.h1("Politique de gestion des données à caractère personnel"),
        section(
            "Données collectées",
            "Sexe, prénom(s), nom de naissance, adresse de courriel, numéro de téléphone "
            "(facultatif) et, si vous utilisez FranceConnect, les données d'identité certifiées "
            "transmises par FranceConnect.",
        ),
        section(
            "Finalités",
            "Ces données servent à créer et sécuriser votre compte, à vous identifier auprès des "
            "services de la Ville et à vous contacter au sujet de vos démarches.",
        ),
        section(
            "Durée de conservation",
            "Une inscription non terminée est effacée au plus tard une heure après son début. "
            "Les données du compte sont conservées jusqu'à sa suppression.",
        ),
        section(
            "Vos droits",
            "Vous pouvez consulter, corriger, télécharger et supprimer vos données depuis votre "
            "compte. Pour toute question, contactez le Service de la Relation Usager·ère, "
            "4 rue Lobau, 75004 Paris.",
        ),
    )


def register(app: rx.App) -> None:
    app.add_page(
        terms_page, route=routes.TERMS, title="Conditions Générales d'Utilisation — Mon Paris"
    )
    app.add_page(privacy_page, route=routes.PRIVACY, title="Données personnelles — Mon Paris")
