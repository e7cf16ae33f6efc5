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
from monparis_app.pages.account.state import AccountState
from tests.helpers import GOOD_PASSWORD
from tests.pages.states import UA, find, in_tree, sign_in_as, tree


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


async def test_deletion_asks_the_word_then_are_you_sure_then_the_password(
    signed_in: Any,
) -> None:
    section = in_tree(DataSection)
    await section.delete({"delete_password": GOOD_PASSWORD, "delete_confirmation": "supprimer"})
    assert section.errors["delete_confirmation"] == (
        "Pour confirmer, saisissez SUPPRIMER en majuscules."
    )
    assert section.confirming is False  # lower case is no confirmation: nothing more is asked

    await section.delete({"delete_password": "faux", "delete_confirmation": " SUPPRIMER "})
    assert section.confirming is True  # "Êtes-vous sûr·e ?" is asked, nothing is deleted yet
    assert section.errors == {"delete_password": "", "delete_confirmation": ""}
    assert await Account.exists(id=signed_in.account_id)

    await section.delete({"delete_password": "faux", "delete_confirmation": "SUPPRIMER"})
    assert section.errors["delete_password"] == "Le mot de passe actuel est incorrect."
    assert section.confirming is False  # back to the form, the password to fix
    assert await Account.exists(id=signed_in.account_id)

    await section.delete({"delete_password": GOOD_PASSWORD, "delete_confirmation": "SUPPRIMER"})
    section.keep_account()  # "Annuler" on the second question keeps the account
    assert section.confirming is False
    await section.delete({"delete_password": GOOD_PASSWORD, "delete_confirmation": "SUPPRIMER"})
    assert await Account.exists(id=signed_in.account_id)

    leave = await section.delete(
        {"delete_password": GOOD_PASSWORD, "delete_confirmation": "SUPPRIMER"}
    )
    assert not await Account.exists(id=signed_in.account_id)
    assert section.loaded is False
    # A full page load to the home page with its notice: the query reaches its on_load.
    assert "window.location.replace" in str(leave)
    assert "/?notice=deleted" in str(leave)


async def test_one_card_open_at_a_time_and_its_messages_only(signed_in: Any) -> None:
    root = tree()
    account = find(root, AccountState)
    sessions_card = find(root, SessionsSection)
    data_card = find(root, DataSection)
    await account.load()
    await account.toggle_section("sessions", "sessions-details-title")
    assert account.open_section == "sessions"
    await sessions_card.end_other_sessions()
    assert sessions_card.status == "Aucune autre session n'était ouverte."
    data_card.download()
    assert data_card.status.startswith("Le téléchargement de vos données a commencé")

    await account.toggle_section("suppression", "delete_password")
    assert account.open_section == "suppression"  # the sessions card closed
    assert sessions_card.status == ""  # no message piles up from another card
    assert data_card.status == ""

    effect = await account.toggle_section("suppression", "delete_password")
    assert account.open_section == ""
    assert "suppression-toggle" in str(effect)  # focus back to the card's button


async def test_signed_out_goes_to_sign_in_saying_why(db: str) -> None:
    account = in_tree(AccountState)
    effect = await account.load()
    assert "/connexion?raison=connexion-requise" in str(effect)
    assert account.loaded is False


async def test_the_summaries_say_what_is_known(signed_in: Any) -> None:
    await Account.filter(id=signed_in.account_id).update(
        birth_place="75107", birth_country="99100", address_city="Paris"
    )
    account = in_tree(AccountState)
    await account.load()
    assert account.profile["birth_place"] == "Paris 7e Arrondissement"
    assert account.profile["birth_country"] == "France"
    assert "Paris 7e Arrondissement, France" in account.profile_summary["birth"]
    assert account.profile_summary["name"] == "Angèle Dubois"
    assert account.profile_summary["address"] == "Paris"
    assert account.sessions_summary == "1 session ouverte : celle-ci."


async def test_the_email_change_resend_counts_down_like_the_other_code_pages(
    signed_in: Any, smtp_server: Any, frozen_clock: Any
) -> None:
    from monparis_app.pages.account.email import EmailSection
    from monparis_app.settings import get_settings

    interval = get_settings().code_resend_interval_seconds
    section = in_tree(EmailSection)
    await section.load()
    await section.request_change({"new_email": "nouvelle@exemple.fr"})
    assert section.step == "code"
    assert section.resend_wait == interval  # the browser shows "possible dans N s", disabled
    first_round = section.resend_round
    assert await section.resend() is None  # too early: nothing sent, nothing said
    assert section.status == ""

    frozen_clock.advance(interval)
    await section.resend()
    assert section.status == "Un nouveau code a été envoyé à nouvelle@exemple.fr."
    assert section.resend_wait == interval  # the next one counts down again
    assert section.resend_round == first_round + 1  # a new round: the browser restarts
