"""Partner apps and signed-in browsers through GraphQL: Bearer tokens, cookies and CSRF."""

from __future__ import annotations

import json

from monparis_app.core import sessions
from monparis_app.web.cookies import SESSION_COOKIE
from tests.conftest import Mailbox
from tests.graphql.conftest import GraphQLClient
from tests.helpers import GOOD_PASSWORD, code_in, create_account

EMAIL = "compte@exemple.fr"
LOGIN = """mutation($email: String!, $password: String!) { login(email: $email, password: $password) {
  __typename ... on SignedIn { sessionToken account { email firstNames } }
  ... on LoginRefused { code message captchaRequired } } }"""
ME = "{ me { email birthName certifiedFields } }"


async def login(gql: GraphQLClient, password: str = GOOD_PASSWORD) -> dict:  # type: ignore[type-arg]
    return (await gql(LOGIN, email=EMAIL, password=password))["login"]


def bearer(token: str) -> dict[str, str]:
    return {"authorization": f"Bearer {token}"}


async def post(
    gql: GraphQLClient, query: str, headers: dict[str, str] | None = None, **variables: object
) -> dict:  # type: ignore[type-arg]
    response = await gql.http.post(
        "/graphql", json={"query": query, "variables": variables}, headers=headers or {}
    )
    return response.json()["data"]


async def test_login_me_logout_with_bearer(gql: GraphQLClient) -> None:
    await create_account()
    refused = await login(gql, "Mauvais!123")
    assert refused == {
        "__typename": "LoginRefused",
        "code": "sign_in.invalid",
        "message": "Courriel ou mot de passe incorrect.",
        "captchaRequired": False,
    }
    signed = await login(gql)
    token = signed["sessionToken"]
    assert (await post(gql, ME, bearer(token)))["me"]["email"] == EMAIL
    assert (await post(gql, "mutation { logout { __typename } }", bearer(token)))["logout"][
        "__typename"
    ] == "Done"
    assert (await post(gql, ME, bearer(token)))["me"] is None  # a revoked token is refused at once


async def test_nothing_that_needs_a_session_answers_without_one(gql: GraphQLClient) -> None:
    assert (await gql(ME))["me"] is None
    for mutation in [
        'updateProfile(input: {usageName: "X"}) { __typename }',
        'changePassword(currentPassword: "a", newPassword: "b", newPasswordConfirmation: "b") { __typename }',
        'requestEmailChange(newEmail: "a@b.fr") { __typename }',
        "exportMyData { __typename }",
        'deleteAccount(password: "x", confirmation: "SUPPRIMER") { __typename }',
        'revokeSession(sessionId: "x") { __typename }',
    ]:
        data = await gql("mutation { " + mutation + " }")
        assert next(iter(data.values()))["__typename"] == "NotSignedIn", mutation
    assert (await gql("{ sessions { id } }"))["sessions"] == []


async def test_cookie_session_needs_a_same_site_json_request(gql: GraphQLClient) -> None:
    account = await create_account()
    token = await sessions.open_session(account.id, user_agent="x", client_ip="::1")
    gql.http.cookies.set(SESSION_COOKIE, token)
    assert (await gql(ME))["me"]["email"] == EMAIL
    forged = await gql.http.post(
        "/graphql", json={"query": ME}, headers={"origin": "https://attaquant.example"}
    )
    assert forged.json()["data"]["me"] is None
    cross_site = await gql.http.post(
        "/graphql", json={"query": ME}, headers={"sec-fetch-site": "cross-site"}
    )
    assert cross_site.json()["data"]["me"] is None
    as_form = await gql.http.post("/graphql", data={"query": ME})
    assert as_form.status_code != 200 or as_form.json().get("data", {}).get("me") is None


async def test_profile_sessions_export_delete(gql: GraphQLClient, mail_sender: Mailbox) -> None:
    await create_account()
    token = (await login(gql))["sessionToken"]
    headers = bearer(token)
    updated = await post(
        gql,
        """mutation { updateProfile(input: {usageName: "Martin", phone: "0612345678"}) {
      __typename ... on ProfileUpdated { account { usageName phone } } } }""",
        headers,
    )
    assert updated["updateProfile"]["account"] == {"usageName": "Martin", "phone": "+33612345678"}
    bad = await post(
        gql,
        'mutation { updateProfile(input: {birthDate: "demain"}) { __typename ... on FieldErrors { errors { field message } } } }',
        headers,
    )
    assert bad["updateProfile"]["errors"][0]["field"] == "birth_date"
    listed = await post(gql, "{ sessions { id current device } }", headers)
    assert [s["current"] for s in listed["sessions"]] == [True]
    exported = await post(
        gql, "mutation { exportMyData { ... on DataExport { json filename } } }", headers
    )
    data = json.loads(exported["exportMyData"]["json"])
    assert data["account"]["usage_name"] == "Martin"
    deleted = await post(
        gql,
        f'mutation {{ deleteAccount(password: "{GOOD_PASSWORD}", confirmation: "SUPPRIMER") {{ __typename }} }}',
        headers,
    )
    assert deleted["deleteAccount"]["__typename"] == "Done"
    assert (await post(gql, ME, headers))["me"] is None


async def test_password_reset_through_graphql(gql: GraphQLClient, mail_sender: Mailbox) -> None:
    await create_account()
    requested = await gql(
        'mutation { requestPasswordReset(email: "compte@exemple.fr") { ... on PasswordResetRequested { flowId message } } }'
    )
    flow_id = requested["requestPasswordReset"]["flowId"]
    unknown = await gql(
        'mutation { requestPasswordReset(email: "inconnu@exemple.fr") { __typename } }'
    )
    assert unknown["requestPasswordReset"]["__typename"] == "PasswordResetRequested"
    [message] = await mail_sender.wait_for(EMAIL)
    done = await gql(
        """mutation($f: ID!, $c: String!) { resetPassword(flowId: $f, code: $c,
      password: "Nouveau!Mot2Passe", passwordConfirmation: "Nouveau!Mot2Passe") { __typename } }""",
        f=flow_id,
        c=code_in(message),
    )
    assert done["resetPassword"]["__typename"] == "Done"
    assert (await gql(LOGIN, email=EMAIL, password="Nouveau!Mot2Passe"))["login"][
        "__typename"
    ] == "SignedIn"
