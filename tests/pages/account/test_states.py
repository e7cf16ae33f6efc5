"""The account page's doors without a browser: the state tree built in memory, the cookie
replaced by a session opened in the test database."""

# Reflex types an @rx.event method as an EventNamespace: called on an instance it is a method.
# mypy: disable-error-code="operator"

from __future__ import annotations

from typing import Any

import pytest

from monparis_app.core import sessions
from monparis_app.models import Account
from monparis_app.pages.account.password import PasswordSection
from monparis_app.pages.account.profile import ProfileSection
from monparis_app.pages.account.security import DataSection, SessionsSection
from tests.helpers import GOOD_PASSWORD
from tests.pages.states import UA, in_tree, sign_in_as


@pytest.fixture
async def signed_in(db: str, monkeypatch: pytest.MonkeyPatch) -> sessions.SessionView:
    return await sign_in_as("etat@exemple.fr", monkeypatch)


async def test_profile_save_skips_certified_fields_and_ties_errors(signed_in: Any) -> None:
    await Account.filter(id=signed_in.account_id).update(certified_fields=["first_names"])
    section = in_tree(ProfileSection)
    await section.load()
    assert section.certified["first_names"] is True
    form = dict(section.profile) | {"first_names": "Autre", "phone": "pas un numéro"}
    await section.save(form)
    assert (
        section.errors["phone"]
        == "Saisissez un numéro de téléphone valide, par exemple 06 12 34 56 78."
    )
    assert section.errors["first_names"] == ""  # not sent: the core would refuse it

    await section.save(form | {"phone": "06 12 34 56 78", "address_city": "Paris"})
    assert section.status == "Vos informations ont été enregistrées."
    assert section.profile["address_city"] == "Paris"
    assert section.profile["first_names"] == "Angèle"
    assert section.version == 1


async def test_password_change_maps_errors_to_the_page_fields(signed_in: Any) -> None:
    section = in_tree(PasswordSection)
    await section.change(
        {"current_password": "faux", "password": "court", "password_confirmation": "autre"}
    )
    assert section.errors["current_password"] == "Le mot de passe actuel est incorrect."
    assert section.errors["password"] != ""
    assert section.errors["password_confirmation"] != ""
    assert section.status == ""


async def test_the_current_session_is_not_ended_from_the_list(signed_in: Any) -> None:
    other = await sessions.open_session(signed_in.account_id, user_agent=UA, client_ip="::1")
    section = in_tree(SessionsSection)
    await section.load()
    assert [row["current"] for row in section.session_rows].count("true") == 1
    await section.end_session(str(signed_in.id))
    await section.end_session("pas-un-identifiant")
    assert await sessions.current_session(other) is not None
    assert len(section.session_rows) == 2

    other_id = next(row["id"] for row in section.session_rows if not row["current"])
    await section.end_session(other_id)
    assert section.status == "La session a été terminée."
    assert await sessions.current_session(other) is None
    assert section.has_other_sessions is False


async def test_delete_errors_are_tied_to_the_delete_fields(signed_in: Any) -> None:
    section = in_tree(DataSection)
    await section.delete({"delete_password": "faux", "delete_confirmation": "non"})
    assert section.errors == {
        "delete_password": "Le mot de passe actuel est incorrect.",
        "delete_confirmation": "Pour confirmer, saisissez SUPPRIMER en majuscules.",
    }
    assert await Account.exists(id=signed_in.account_id)
    await section.delete({"delete_password": GOOD_PASSWORD, "delete_confirmation": "SUPPRIMER"})
    assert not await Account.exists(id=signed_in.account_id)
    assert section.loaded is False
