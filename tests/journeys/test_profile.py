"""Profile update through both doors: a bad field is refused on that field and changes
nothing; corrected, the change is saved."""

from __future__ import annotations

from monparis_app.models import Account
from tests.helpers import GOOD_PASSWORD, create_account
from tests.journeys.doors import Door, expect

EMAIL = "profil@exemple.fr"
BAD_PHONE = "Saisissez un numéro de téléphone valide, par exemple 06 12 34 56 78."


async def test_a_bad_field_then_a_good_update(door: Door) -> None:
    account = await create_account(email=EMAIL)
    expect(door, await door.sign_in(EMAIL, GOOD_PASSWORD), "signed_in")

    bad = await door.update_profile(phone="pas un numéro", address_city="Lyon")
    expect(door, bad, "field_errors", errors={"phone": BAD_PHONE})
    unchanged = await Account.get(id=account.id)
    assert (unchanged.phone, unchanged.address_city) == (None, None)

    saved = await door.update_profile(phone="06 12 34 56 78", address_city="Paris")
    expect(door, saved, "profile_updated", "Vos informations ont été enregistrées.")
    changed = await Account.get(id=account.id)
    assert (changed.phone, changed.address_city) == ("+33612345678", "Paris")


async def test_a_bad_birth_date(door: Door) -> None:
    await create_account(email=EMAIL)
    expect(door, await door.sign_in(EMAIL, GOOD_PASSWORD), "signed_in")
    bad = await door.update_profile(birth_date="demain")
    expect(
        door,
        bad,
        "field_errors",
        errors={"birth_date": "Saisissez une date de naissance valide (JJ/MM/AAAA)."},
    )
