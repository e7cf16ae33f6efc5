"""Passkeys through the partner API: a software authenticator adds one, signs in with it,
renames and removes it, over the real ASGI app; refusals come with their French sentence."""

from __future__ import annotations

import asyncio
from typing import Any

from monparis_app.core import sessions
from monparis_app.core.passkeys import Refusal
from monparis_app.messages import MESSAGES, message_for
from tests.conftest import Mailbox, text_of
from tests.graphql.conftest import GraphQLClient
from tests.helpers import GOOD_PASSWORD, create_account
from tests.passkey_authenticator import SoftwareAuthenticator

EMAIL = "compte@exemple.fr"
REGISTRATION_OPTIONS = """mutation($password: String) {
  passkeyRegistrationOptions(password: $password) {
    __typename ... on PasskeyOptions { challengeId options }
    ... on FieldErrors { errors { field code message } } ... on PasskeyRefused { code message } } }"""
REGISTER = """mutation($challengeId: ID!, $credential: String!, $name: String) {
  passkeyRegister(challengeId: $challengeId, credential: $credential, name: $name) {
    __typename ... on Passkey { id name credentialId createdAt lastUsedAt backedUp }
    ... on PasskeyRefused { code message } ... on FieldErrors { errors { field code } } } }"""
SIGN_IN_OPTIONS = """mutation { passkeySignInOptions {
  __typename ... on PasskeyOptions { challengeId options } ... on RateLimited { retryAfter } } }"""
SIGN_IN = """mutation($challengeId: ID!, $credential: String!) {
  passkeySignIn(challengeId: $challengeId, credential: $credential) {
    __typename ... on SignedIn { sessionToken account { email } }
    ... on PasskeyRefused { code message } } }"""
LIST = "{ passkeys { id name lastUsedAt } }"
RENAME = """mutation($id: ID!, $name: String!) { renamePasskey(id: $id, name: $name) {
  __typename ... on Passkey { name } ... on FieldErrors { errors { field code message } }
  ... on PasskeyRefused { code } } }"""
REMOVE = """mutation($id: ID!) { removePasskey(id: $id) {
  __typename ... on Done { message } ... on PasskeyRefused { code message } } }"""


async def data(gql: GraphQLClient, query: str, token: str | None = None, **variables: Any) -> Any:
    """The response's data, with the session's Bearer token if any."""
    headers = {"authorization": f"Bearer {token}"} if token else {}
    response = await gql.http.post(
        "/graphql", json={"query": query, "variables": variables}, headers=headers
    )
    body = response.json()
    assert "errors" not in body, body["errors"]
    return body["data"]


async def call(
    gql: GraphQLClient, query: str, token: str | None = None, **variables: Any
) -> dict[str, Any]:
    """The one root field the document asks for."""
    return dict(next(iter((await data(gql, query, token, **variables)).values())))


async def signed_in_token(email: str = EMAIL, **fields: Any) -> str:
    account = await create_account(email, **fields)
    return await sessions.open_session(account.id, user_agent="Firefox/130", client_ip="::1")


async def add_passkey(
    gql: GraphQLClient,
    token: str,
    authenticator: SoftwareAuthenticator,
    *,
    password: str | None = GOOD_PASSWORD,
    name: str | None = None,
) -> dict[str, Any]:
    options = await call(gql, REGISTRATION_OPTIONS, token, password=password)
    assert options["__typename"] == "PasskeyOptions", options
    credential = authenticator.create(options["options"])
    return await call(
        gql, REGISTER, token, challengeId=options["challengeId"], credential=credential, name=name
    )


async def sign_in(gql: GraphQLClient, authenticator: SoftwareAuthenticator) -> dict[str, Any]:
    options = await call(gql, SIGN_IN_OPTIONS)
    assert options["__typename"] == "PasskeyOptions", options
    credential = authenticator.get(options["options"])
    return await call(gql, SIGN_IN, challengeId=options["challengeId"], credential=credential)


async def test_add_a_passkey_then_sign_in_with_it(gql: GraphQLClient, mail_sender: Mailbox) -> None:
    token = await signed_in_token()
    authenticator = SoftwareAuthenticator()

    added = await add_passkey(gql, token, authenticator, name="Téléphone")

    assert added["__typename"] == "Passkey"
    assert (added["name"], added["lastUsedAt"], added["backedUp"]) == ("Téléphone", None, True)
    (mail,) = await mail_sender.wait_for(EMAIL)
    assert mail["Subject"] == "Une clé d’accès a été ajoutée à votre compte Mon Paris"
    assert "« Téléphone »" in text_of(mail)

    signed = await sign_in(gql, authenticator)

    assert signed["__typename"] == "SignedIn"
    assert signed["account"] == {"email": EMAIL}
    new_token = signed["sessionToken"]
    assert (await call(gql, "{ me { email } }", new_token)) == {"email": EMAIL}
    (passkey,) = (await data(gql, LIST, new_token))["passkeys"]
    assert passkey["id"] == added["id"]
    assert passkey["lastUsedAt"] is not None
    activity = (await data(gql, "{ recentActivity { kind label } }", new_token))["recentActivity"]
    assert {"kind": "passkey_used", "label": "Connexion avec la clé d’accès Téléphone"} in activity
    assert {"kind": "passkey_added", "label": "Clé d’accès ajoutée : Téléphone"} in activity


async def test_the_registration_options_need_the_password(gql: GraphQLClient) -> None:
    token = await signed_in_token()
    for password in ("Pas-le-bon-1", None):
        refused = await call(gql, REGISTRATION_OPTIONS, token, password=password)
        assert refused == {
            "__typename": "FieldErrors",
            "errors": [
                {
                    "field": "password",
                    "code": "current_password.invalid",
                    "message": "Le mot de passe actuel est incorrect.",
                }
            ],
        }


async def test_without_a_password_a_fresh_session_is_enough(gql: GraphQLClient) -> None:
    token = await signed_in_token(password_hash=None, fc_sub="fc-sub-1")
    added = await add_passkey(gql, token, SoftwareAuthenticator(), password=None)
    assert added["__typename"] == "Passkey"
    assert added["name"].startswith("Clé d’accès du ")


async def test_nothing_of_an_account_answers_without_a_session(gql: GraphQLClient) -> None:
    assert (await data(gql, LIST))["passkeys"] == []
    for query, variables in [
        (REGISTRATION_OPTIONS, {"password": GOOD_PASSWORD}),
        (REGISTER, {"challengeId": "x", "credential": "{}"}),
        (RENAME, {"id": "x", "name": "y"}),
        (REMOVE, {"id": "x"}),
    ]:
        answer = await call(gql, query, **variables)
        assert answer["__typename"] == "NotSignedIn", query


async def test_a_replayed_sign_in_is_refused_in_french(gql: GraphQLClient) -> None:
    token = await signed_in_token()
    authenticator = SoftwareAuthenticator()
    await add_passkey(gql, token, authenticator)
    options = await call(gql, SIGN_IN_OPTIONS)
    credential = authenticator.get(options["options"])
    first = await call(gql, SIGN_IN, challengeId=options["challengeId"], credential=credential)
    assert first["__typename"] == "SignedIn"
    again = await call(gql, SIGN_IN, challengeId=options["challengeId"], credential=credential)
    assert again == {
        "__typename": "PasskeyRefused",
        "code": "passkey.challenge_invalid",
        "message": message_for("passkey.challenge_invalid"),
    }


async def test_a_burst_of_sign_ins_on_one_challenge_opens_one_session(
    gql: GraphQLClient,
) -> None:
    token = await signed_in_token()
    authenticator = SoftwareAuthenticator()
    await add_passkey(gql, token, authenticator)
    options = await call(gql, SIGN_IN_OPTIONS)
    credential = authenticator.get(options["options"])
    answers = await asyncio.gather(
        *(
            call(gql, SIGN_IN, challengeId=options["challengeId"], credential=credential)
            for _ in range(20)
        )
    )
    assert [a["__typename"] for a in answers].count("SignedIn") == 1
    assert [a.get("code") for a in answers].count("passkey.challenge_invalid") == 19


async def test_rename_and_remove(gql: GraphQLClient) -> None:
    token = await signed_in_token()
    added = await add_passkey(gql, token, SoftwareAuthenticator())
    blank = await call(gql, RENAME, token, id=added["id"], name="  ")
    assert blank["errors"] == [
        {
            "field": "name",
            "code": "passkey.name_required",
            "message": "Donnez un nom à cette clé d’accès.",
        }
    ]
    renamed = await call(gql, RENAME, token, id=added["id"], name="Clé USB")
    assert renamed == {"__typename": "Passkey", "name": "Clé USB"}
    removed = await call(gql, REMOVE, token, id=added["id"])
    assert removed == {
        "__typename": "Done",
        "message": "La clé d’accès « Clé USB » a été supprimée.",
    }
    gone = await call(gql, REMOVE, token, id=added["id"])
    assert gone["code"] == "passkey.not_found"


async def test_the_last_way_in_stays(gql: GraphQLClient) -> None:
    token = await signed_in_token(password_hash=None)
    added = await add_passkey(gql, token, SoftwareAuthenticator(), password=None)
    refused = await call(gql, REMOVE, token, id=added["id"])
    assert refused == {
        "__typename": "PasskeyRefused",
        "code": "passkey.last_sign_in_method",
        "message": message_for("passkey.last_sign_in_method"),
    }


def test_every_refusal_has_its_french_sentence() -> None:
    for refusal in Refusal:
        assert refusal.value in MESSAGES, refusal
        assert "d’accès" in message_for(refusal.value), refusal
