"""What a City service may read, in French: the same words on the consent page, the account
page and the API."""

from __future__ import annotations

from monparis_app.core.oidc_provider.claims import SCOPE_CLAIMS
from monparis_app.core.oidc_provider.clients import SUPPORTED_SCOPES
from monparis_app.messages import message_for
from monparis_app.messages.oidc import SCOPE_LABELS, scope_labels


def test_every_data_scope_has_a_label_and_only_those() -> None:
    """A scope added to the provider without its French label would be hidden from the person."""
    data_scopes = set(SUPPORTED_SCOPES) - {"openid"}
    assert set(SCOPE_LABELS) == data_scopes
    assert set(SCOPE_CLAIMS) - {"openid"} == data_scopes


def test_labels_read_in_one_order_and_skip_what_is_not_data() -> None:
    """A widened consent is stored sorted ("address email openid profile"): the person still
    reads the identity first, as on the consent page."""
    expected = [
        "Votre identité : prénoms, nom de naissance, nom d’usage, sexe",
        "Votre adresse électronique",
        "Votre adresse postale",
    ]
    assert scope_labels(["openid", "email", "inconnu", "profile", "address"]) == expected
    assert scope_labels(["address", "email", "openid", "profile"]) == expected
    assert scope_labels(["email", "email"]) == ["Votre adresse électronique"]
    assert scope_labels(("openid",)) == []
    assert scope_labels(()) == []


def test_the_revocation_says_which_service() -> None:
    assert message_for("services.revoked", name="Demande de stationnement résident") == (
        "L’accès de « Demande de stationnement résident » à vos données a été retiré."
    )
    assert message_for("services.already_revoked") == "Cet accès avait déjà été retiré."
