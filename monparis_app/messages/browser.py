"""What the browser itself is told: JavaScript off or not loaded yet, the server out of reach.

These are shown outside any journey (a ``<noscript>``, the plain HTML answer of
``/auth/sans-javascript``, the reconnection banner), so they are grouped here.
"""

from __future__ import annotations

from monparis_app.messages.templates import Template

MESSAGES: dict[str, Template] = {
    "browser.noscript": (
        "JavaScript est nécessaire pour utiliser Mon Paris : activez-le dans votre navigateur, "
        "puis rechargez la page."
    ),
    "browser.form_needs_javascript": (
        "JavaScript est nécessaire pour utiliser ce formulaire. Activez-le dans votre navigateur "
        "(ou attendez que la page ait fini de se charger), puis recommencez."
    ),
    # The plain HTML page of ``/auth/sans-javascript``, around ``browser.form_needs_javascript``.
    "browser.javascript_needed": "JavaScript est nécessaire",
    "browser.nothing_sent": "Vos informations n'ont pas été envoyées.",
    "browser.back_home": "Revenir à l'accueil de Mon Paris",
    "browser.connection_lost": (
        "La connexion au serveur est interrompue. Vérifiez votre connexion internet ; "
        "la page se reconnecte automatiquement."
    ),
}
