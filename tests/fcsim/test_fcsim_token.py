"""The token and userinfo endpoints: client authentication, code and token lifetimes."""

from __future__ import annotations

import base64
import hashlib
import secrets

import httpx

from tests.fcsim.conftest import FakeClock, Flow


def assert_oauth_error(response: httpx.Response, status: int, error: str) -> None:
    assert response.status_code == status, response.text
    assert response.json()["error"] == error
    assert response.headers["cache-control"] == "no-store"


async def test_wrong_client_secret_is_invalid_client(flow: Flow) -> None:
    code = await flow.code()

    response = await flow.token(code, client_secret="not-the-secret")

    assert_oauth_error(response, 401, "invalid_client")


async def test_missing_client_secret_is_invalid_client(flow: Flow) -> None:
    response = await flow.token(await flow.code(), client_secret=None)

    assert_oauth_error(response, 401, "invalid_client")


async def test_a_code_is_single_use_and_a_replay_revokes_the_token(
    flow: Flow, client: httpx.AsyncClient
) -> None:
    code = await flow.code()
    first = await flow.token(code)
    assert first.status_code == 200

    replay = await flow.token(code)

    assert_oauth_error(replay, 400, "invalid_grant")
    userinfo = await client.get(
        "/api/v2/userinfo", headers={"Authorization": f"Bearer {first.json()['access_token']}"}
    )
    assert userinfo.status_code == 401


async def test_code_expires_after_code_ttl(flow: Flow, clock: FakeClock) -> None:
    code = await flow.code()
    clock.advance(30)

    response = await flow.token(code)

    assert_oauth_error(response, 400, "invalid_grant")
    assert "expired" in response.json()["error_description"]


async def test_code_is_still_valid_just_before_code_ttl(flow: Flow, clock: FakeClock) -> None:
    code = await flow.code()
    clock.advance(29)

    assert (await flow.token(code)).status_code == 200


async def test_redirect_uri_must_match_the_authorize_one(flow: Flow) -> None:
    code = await flow.code()

    response = await flow.token(
        code, redirect_uri="http://127.0.0.1:8000/auth/franceconnect/callback"
    )

    assert_oauth_error(response, 400, "invalid_grant")


async def test_unknown_code_and_grant_type(flow: Flow) -> None:
    assert_oauth_error(await flow.token("made-up"), 400, "invalid_grant")
    response = await flow.token(await flow.code(), grant_type="refresh_token")
    assert_oauth_error(response, 400, "unsupported_grant_type")


async def test_pkce_is_checked_when_used(flow: Flow) -> None:
    verifier = secrets.token_urlsafe(48)
    challenge = (
        base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    )
    pkce = {"code_challenge": challenge, "code_challenge_method": "S256"}

    wrong = await flow.token(await flow.code(**pkce), code_verifier="x" * 43)
    right = await flow.token(await flow.code(**pkce), code_verifier=verifier)

    assert_oauth_error(wrong, 400, "invalid_grant")
    assert right.status_code == 200


async def test_userinfo_rejects_an_expired_access_token(
    flow: Flow, client: httpx.AsyncClient, clock: FakeClock
) -> None:
    body = await flow.tokens()
    clock.advance(60)

    response = await client.get(
        "/api/v2/userinfo", headers={"Authorization": f"Bearer {body['access_token']}"}
    )

    assert response.status_code == 401
    assert 'error="invalid_token"' in response.headers["www-authenticate"]


async def test_userinfo_rejects_unknown_or_missing_tokens(client: httpx.AsyncClient) -> None:
    unknown = await client.get("/api/v2/userinfo", headers={"Authorization": "Bearer nope"})
    missing = await client.get("/api/v2/userinfo")

    for response in (unknown, missing):
        assert response.status_code == 401
        assert response.headers["www-authenticate"].startswith('Bearer error="invalid_token"')


async def test_revocation_forgets_the_access_token(flow: Flow, client: httpx.AsyncClient) -> None:
    body = await flow.tokens()

    revoked = await client.post(
        "/api/v2/token/revocation",
        data={
            "token": body["access_token"],
            "client_id": flow.client_id,
            "client_secret": "monparis-dev-secret-0123456789abcdef",
        },
    )

    assert revoked.status_code == 200
    userinfo = await client.get(
        "/api/v2/userinfo", headers={"Authorization": f"Bearer {body['access_token']}"}
    )
    assert userinfo.status_code == 401
