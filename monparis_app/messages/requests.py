"""What a request the app cannot serve is told: too big, unreadable, not what GraphQL expects.

Partners and browsers read these answers (a plain-text body or a GraphQL error), so they are
French like every other sentence; the keys of the GraphQL validation refusals are the stable
``extensions.code`` the partner switches on.
"""

from __future__ import annotations

from monparis_app.messages.templates import Template

BODY: dict[str, Template] = {
    "request.too_large": "Requête trop volumineuse.",
    "request.invalid_length": "Requête invalide : en-tête Content-Length incorrect.",
    "request.unreadable_json": "Corps de requête illisible : JSON attendu.",
    "request.unsupported_content_type": "Type de contenu non pris en charge : envoyez du JSON.",
    "request.no_query": "Aucune requête GraphQL dans la demande.",
    "request.no_batching": "Une seule opération GraphQL par requête.",
    "request.invalid_graphql": "Requête GraphQL invalide.",
    "request.not_found": "Page introuvable.",
    "request.method_not_allowed": "Méthode non autorisée pour cette requête GraphQL.",
    "request.refused": "Requête refusée.",
    "request.download_refused": "Téléchargement refusé.",
    "request.token_required": "Jeton requis.",
}

GRAPHQL_VALIDATION: dict[str, Template] = {
    "request.too_many_guesses": (
        "Une requête ne peut contenir qu'une seule opération qui vérifie un mot de passe, un "
        "code ou un jeton (trouvées : {found}). Envoyez chaque tentative dans une requête "
        "séparée."
    ),
    "request.introspection_disabled": (
        "L'introspection GraphQL est désactivée sur ce serveur : le schéma de l'API est publié "
        "dans schema.graphql."
    ),
}

MESSAGES: dict[str, Template] = BODY | GRAPHQL_VALIDATION
