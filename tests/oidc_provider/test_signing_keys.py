"""The ID token signing keys at rest: sealed with a key derived from MONPARIS_SECRET_KEY, so a
copy of the database alone signs nothing; a changed secret key makes a new key take over while
the old one stays published."""

from __future__ import annotations

import json
from typing import Any

from joserfc.jwk import ECKey

from monparis_app.core import clock
from monparis_app.core.oidc_provider import keys
from monparis_app.models import OidcSigningKey


async def test_the_private_half_is_never_stored_in_clear(db: str) -> None:
    signing = await keys.current_signing_key()
    row = await OidcSigningKey.get(kid=signing.kid)
    stored = json.dumps(row.private_jwk)
    assert signing.private_jwk["d"] not in stored
    assert set(row.private_jwk) == {"public", "sealed"}
    assert "d" not in row.private_jwk["public"]
    assert signing.as_key().as_dict(private=False) == ECKey.import_key(
        row.private_jwk["public"]
    ).as_dict(private=False)
    published = (await keys.published_keys())["keys"]
    assert [key["kid"] for key in published] == [signing.kid]
    assert all("d" not in key for key in published)


async def test_a_new_secret_key_brings_a_new_signing_key_and_keeps_the_old_one_published(
    db: str, configure: Any
) -> None:
    before = await keys.current_signing_key()
    assert (await keys.current_signing_key()).kid == before.kid  # stable while it can be read
    configure(SECRET_KEY="another-secret-key-Zq8vN3kR7tW1yB5mC9xL2pF6hJ4")
    after = await keys.current_signing_key()
    assert after.kid != before.kid
    assert (await keys.current_signing_key()).kid == after.kid  # sealed under the new secret
    published = [key["kid"] for key in (await keys.published_keys())["keys"]]
    assert published == [after.kid, before.kid]  # tokens signed before still verify


async def test_a_key_stored_before_sealing_still_signs_and_is_published(db: str) -> None:
    kid, jwk = keys._new_key_material()
    await OidcSigningKey.create(kid=kid, private_jwk=jwk, created_at=clock.now())
    assert (await keys.current_signing_key()).kid == kid
    assert [key["kid"] for key in (await keys.published_keys())["keys"]] == [kid]
