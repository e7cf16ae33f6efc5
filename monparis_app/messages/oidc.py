""" "Services connectés": what a City service may read, said in French, and the answers of
"Retirer l’accès".

The scope labels are shared by the consent page (what a service asks for) and the account
page and API (what it was allowed): the person reads the same words before and after saying
yes. A scope without a label (``openid``, the sign-in itself) is not data and is not listed.
"""

from __future__ import annotations

from collections.abc import Iterable

from monparis_app.messages.templates import Template

SCOPE_LABELS: dict[str, str] = {
    "profile": "Votre identité : prénoms, nom de naissance, nom d’usage, sexe",
    "email": "Votre adresse électronique",
    "phone": "Votre numéro de téléphone",
    "address": "Votre adresse postale",
    "birth": "Votre date et votre lieu de naissance",
}


def scope_labels(scopes: Iterable[str]) -> list[str]:
    """The French label of each scope, always in the order of ``SCOPE_LABELS`` (identity
    first), whatever order a service asked in or a widened consent was stored in: the same
    data reads the same way on every page. ``openid`` and unknown scopes are skipped rather
    than shown raw (a person never reads a technical name)."""
    given = set(scopes)
    return [label for scope, label in SCOPE_LABELS.items() if scope in given]


MESSAGES: dict[str, Template] = {
    "services.revoked": "L’accès de « {name} » à vos données a été retiré.",
    "services.none": "Aucun service de la Ville n’utilise votre compte Mon Paris pour l’instant.",
    "services.already_revoked": "Cet accès avait déjà été retiré.",
}
