"""The current password asked before a signed-in change has a budget of tries, burst or not."""

from __future__ import annotations

import asyncio

import pytest

from monparis_app.core import current_password, data_rights, password_change
from monparis_app.core.errors import InvalidInput
from tests.helpers import GOOD_PASSWORD, create_account

NEW = "Nouveau!Mot2Passe"
BUDGET = 5  # MONPARIS_RATE_LIMIT_CURRENT_PASSWORD's first window: "5/15minutes"


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every candidate really compared with the stored hash."""
    seen: list[str] = []
    real = current_password.verify_password

    async def spy(stored: str, candidate: str, **options: bool) -> bool:
        seen.append(candidate)
        return await real(stored, candidate, **options)

    monkeypatch.setattr(current_password, "verify_password", spy)
    return seen


async def _change(account_id, current: str) -> str:  # type: ignore[no-untyped-def]
    try:
        await password_change.change_password(account_id, current, NEW, NEW, keep_session_id=None)
    except InvalidInput as refused:
        return refused.errors[0].code
    return "changed"


async def test_the_budget_edge_then_even_the_right_password_waits(
    db: str, checks: list[str]
) -> None:
    account = await create_account()
    for _ in range(BUDGET):
        assert await _change(account.id, "Faux!123x") == "current_password.invalid"
    assert await _change(account.id, GOOD_PASSWORD) == "current_password.too_many"
    assert len(checks) == BUDGET


async def test_thirty_parallel_guesses_get_five_checks(db: str, checks: list[str]) -> None:
    account = await create_account()
    codes = await asyncio.gather(*(_change(account.id, f"Faux!{n:03d}x") for n in range(30)))
    assert codes.count("current_password.invalid") == BUDGET
    assert codes.count("current_password.too_many") == 30 - BUDGET
    assert len(checks) == BUDGET


async def test_deletion_spends_the_same_budget(db: str, checks: list[str]) -> None:
    account = await create_account()
    for _ in range(BUDGET):
        with pytest.raises(InvalidInput) as refused:
            await data_rights.delete_account(
                account.id, "Faux!123x", data_rights.DELETE_CONFIRMATION
            )
        assert refused.value.errors[0].code == "current_password.invalid"
    with pytest.raises(InvalidInput) as refused:
        await data_rights.delete_account(account.id, GOOD_PASSWORD, data_rights.DELETE_CONFIRMATION)
    assert refused.value.errors[0].code == "current_password.too_many"
    assert await _change(account.id, GOOD_PASSWORD) == "current_password.too_many"
    assert len(checks) == BUDGET
