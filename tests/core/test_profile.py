"""Profile rules: each field normalised and audited, certified fields locked, all or nothing."""

from __future__ import annotations

import pytest

from monparis_app.core import profile as profiles
from monparis_app.core.errors import InvalidInput
from monparis_app.models import Account, AuditEvent
from tests.helpers import create_account


async def test_profile_update_normalises_and_audits(db: str) -> None:
    account = await create_account()
    profile = await profiles.update_profile(
        account.id,
        {
            "usage_name": "Martin",
            "birth_date": "1980-02-29",
            "phone": "06 12 34 56 78",
            "address_line": "4 rue Lobau",
            "address_postcode": "75004",
            "address_city": "Paris",
        },
    )
    assert (profile.usage_name, profile.phone, str(profile.birth_date)) == (
        "Martin",
        "+33612345678",
        "1980-02-29",
    )
    assert await AuditEvent.filter(account_id=account.id, kind="profile_updated").count() == 1


async def test_bad_profile_input_changes_nothing(db: str) -> None:
    account = await create_account()
    with pytest.raises(InvalidInput) as raised:
        await profiles.update_profile(
            account.id,
            {"usage_name": "Martin", "birth_date": "2999-01-01", "phone": "12", "email": "x@y.fr"},
        )
    assert {(e.field, e.code) for e in raised.value.errors} == {
        ("birth_date", "birth_date.invalid"),
        ("phone", "phone.invalid"),
        ("email", "profile.unknown_field"),
    }
    assert (await Account.get(id=account.id)).usage_name is None


async def test_certified_fields_are_locked(db: str) -> None:
    account = await create_account(certified_fields=["first_names", "birth_name"], fc_sub="abc")
    with pytest.raises(InvalidInput) as raised:
        await profiles.update_profile(account.id, {"first_names": "Autre"})
    assert raised.value.errors[0].code == "profile.certified"
