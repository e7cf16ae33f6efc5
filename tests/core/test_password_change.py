"""Changing the password while signed in: the current one first; other sessions end."""

from __future__ import annotations

import pytest

from monparis_app.core import password_change, sessions
from monparis_app.core.errors import InvalidInput
from tests.helpers import GOOD_PASSWORD, create_account

IP = "192.0.2.30"
UA = "Mozilla/5.0 Chrome/120.0"


async def test_change_password_needs_the_current_one_and_revokes_others(db: str) -> None:
    account = await create_account()
    keep = await sessions.open_session(account.id, user_agent=UA, client_ip=IP)
    other = await sessions.open_session(account.id, user_agent=UA, client_ip=IP)
    kept = await sessions.current_session(keep)
    with pytest.raises(InvalidInput) as raised:
        await password_change.change_password(
            account.id,
            "Faux!123x",
            "Nouveau!Mot2Passe",
            "Nouveau!Mot2Passe",
            keep_session_id=kept.id if kept else None,
        )
    assert raised.value.errors[0].code == "current_password.invalid"
    await password_change.change_password(
        account.id,
        GOOD_PASSWORD,
        "Nouveau!Mot2Passe",
        "Nouveau!Mot2Passe",
        keep_session_id=kept.id if kept else None,
    )
    assert await sessions.current_session(keep)
    assert await sessions.current_session(other) is None
