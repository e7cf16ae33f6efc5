"""The two doors a person can walk a journey through, driven the same way by the journey tests.

``PageDoor`` is a browser tab without a browser: the Reflex state tree built in memory, its
websocket headers (cookies, user agent, peer) set from a cookie jar, and the HTTP routes the
pages hand over to (the sign-in ticket) called on the real ASGI app. ``GraphQLDoor`` is a
partner app posting to ``/graphql`` of the same app. Each step answers an ``Outcome`` in the
same words for both doors, so a test asserts one expectation and any drift between the doors
fails it.

The page states are imported here and nowhere else in ``tests/journeys``: when the pages move,
only this import block follows them.
"""

# Reflex types an @rx.event method as an EventNamespace: called on an instance it is a method.
# mypy: disable-error-code="operator"

from __future__ import annotations

import inspect
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol, TypeVar

import httpx
import reflex as rx
from reflex.istate.data import RouterData
from reflex.state import BaseState

from monparis_app.core import password_reset
from monparis_app.http.app import create_api
from monparis_app.pages.account.email import EmailSection
from monparis_app.pages.account.profile import ProfileSection
from monparis_app.pages.forgot_password.state import ForgotPasswordState
from monparis_app.pages.sign_in.state import SignInState
from monparis_app.pages.signup.code_state import VerifyCodeState
from monparis_app.pages.signup.form_state import FlowMemory, SignupState
from monparis_app.web.cookies import BROWSER_COOKIE
from tests.helpers import CAPTCHA_TEST_ANSWER
from tests.journeys import queries as q

T = TypeVar("T", bound=BaseState)
USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0"
PEER_IP = "198.51.100.7"
TICKET_URL = re.compile(r"/auth/session/complete\?ticket=[A-Za-z0-9_.~%-]+")
# GraphQL input names → the core's field names, so both doors name a field alike.
CORE_FIELD = {
    "firstName": "first_name",
    "lastName": "last_name",
    "passwordConfirmation": "password_confirmation",
    "acceptTerms": "accept_terms",
    "captchaAnswer": "captcha",
}
# The page's field ids that are not the core's field names.
PAGE_FIELD = {"email_code": "code"}


@dataclass(frozen=True)
class Outcome:
    """What a step did, in the doors' shared vocabulary.

    ``kind`` is what happened ("pending", "code_refused", "signed_in", …); ``message`` the
    French sentence the door shows for it (None where its contract carries none: see each
    door's ``silent``); ``errors`` the field errors, keyed by the core's field names.
    """

    kind: str
    message: str | None = None
    errors: Mapping[str, str] = field(default_factory=dict)


class Door(Protocol):
    """One way in: every step a journey test takes, whichever door it goes through."""

    name: str
    silent: ClassVar[frozenset[str]]

    async def register(self, **changes: object) -> Outcome: ...
    async def verify_code(self, code: str) -> Outcome: ...
    async def resend_code(self) -> Outcome: ...
    async def resend_reset_code(self) -> Outcome: ...
    async def sign_in(self, email: str, password: str) -> Outcome: ...
    async def request_reset(self, email: str) -> Outcome: ...
    async def reset_password(self, code: str, password: str) -> Outcome: ...
    async def request_email_change(self, new_email: str) -> Outcome: ...
    async def confirm_email_change(self, code: str) -> Outcome: ...
    async def update_profile(self, **changes: str) -> Outcome: ...


SIGNUP_FORM: dict[str, object] = {
    "sex": "FEMALE",
    "first_name": "Camille",
    "last_name": "Lefèvre",
    "email": "camille.lefevre@exemple.fr",
    "password": "Un!Mot2Passe-Sur",
    "password_confirmation": "Un!Mot2Passe-Sur",
    "accept_terms": True,
}


def asgi_client(client_ip: str) -> httpx.AsyncClient:
    """A client of the real app (GraphQL, the HTTP routes), as seen from ``client_ip``."""
    transport = httpx.ASGITransport(app=create_api(), client=(client_ip, 41000))
    return httpx.AsyncClient(transport=transport, base_url="http://testserver")


def find(state: BaseState, cls: type[T]) -> T | None:
    """The instance of ``cls`` in the tree under ``state``."""
    if isinstance(state, cls):
        return state
    for sub in state.substates.values():
        found = find(sub, cls)
        if found is not None:
            return found
    return None


async def events_of(result: Any) -> list[Any]:
    """What a handler answered: a returned event, or all an async generator yielded."""
    if inspect.isasyncgen(result):
        return [event async for event in result]
    if inspect.isawaitable(result):
        result = await result
    return result if isinstance(result, list) else [result]


def shown_errors(errors: Mapping[str, str]) -> dict[str, str]:
    """The page's non-empty field errors, under the core's field names."""
    return {PAGE_FIELD.get(name, name): text for name, text in errors.items() if text}


class PageDoor:
    """A browser tab: one state tree, one cookie jar shared with the HTTP routes."""

    name = "page"
    # The state holds no sentence for these: the browser is sent on (pending, account
    # created, signed in) or the page writes its own text (a sign-up ended or already done, a
    # password reset requested or done: ``pages/signup/code.py``, ``forgot_password/page.py``).
    silent: ClassVar[frozenset[str]] = frozenset(
        {
            "pending",
            "account_created",
            "signed_in",
            "flow_expired",
            "flow_completed",
            "reset_requested",
            "password_reset_done",
            "email_change_requested",
        }
    )

    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http
        self.http.cookies.set(BROWSER_COOKIE, secrets.token_urlsafe(24))
        self.root = rx.State(_reflex_internal_init=True)  # type: ignore[call-arg]

    def state(self, cls: type[T]) -> T:
        """The tab's instance of ``cls``, with the websocket headers of this browser now."""
        found = find(self.root, cls)
        assert found is not None, cls
        cookie = "; ".join(f"{name}={value}" for name, value in self.http.cookies.items())
        headers = {"cookie": cookie, "user-agent": USER_AGENT, "asgi-scope-client": PEER_IP}
        found.router = RouterData.from_router_data({"headers": headers})
        return found

    async def _follow_ticket(self, events: list[Any]) -> bool:
        """The page hands a proven sign-in to ``/auth/session/complete``: open it, as the
        browser's ``window.location.assign`` would, so the session cookie lands in the jar."""
        found = TICKET_URL.search(" ".join(str(event) for event in events))
        if found is None:
            return False
        response = await self.http.get(found.group(0))
        assert response.status_code == 303, response.text
        return True

    async def register(self, **changes: object) -> Outcome:
        form = self.state(SignupState)
        await form.new_captcha()
        data = SIGNUP_FORM | {"captcha_answer": CAPTCHA_TEST_ANSWER} | changes
        events = await events_of(form.submit(data))
        if form.errors:
            return Outcome("field_errors", errors=shown_errors(form.errors))
        assert self.state(FlowMemory).flow_id, events
        await self.state(VerifyCodeState).load()  # the code page opens
        return Outcome("pending")

    async def verify_code(self, code: str) -> Outcome:
        verify = self.state(VerifyCodeState)
        events = await events_of(verify.submit({"code": code}))
        if await self._follow_ticket(events):
            return Outcome("account_created")
        if verify.status == "expired":
            return Outcome("flow_expired")
        if verify.status == "completed":
            return Outcome("flow_completed")
        return Outcome("code_refused", verify.code_error)

    async def resend_code(self) -> Outcome:
        """ "renvoyez le message" once the wait is over (the server keeps its end; the browser counts)."""
        verify = self.state(VerifyCodeState)
        verify._resend_allowed_at = 0.0
        await events_of(verify.resend())
        return Outcome("code_resent", verify.notice)

    async def resend_reset_code(self) -> Outcome:
        reset = self.state(ForgotPasswordState)
        reset._resend_allowed_at = 0.0
        await events_of(reset.resend())
        return Outcome("code_resent", reset.notice)

    async def sign_in(self, email: str, password: str) -> Outcome:
        sign_in = self.state(SignInState)
        events = await events_of(sign_in.submit({"email": email, "password": password}))
        if await self._follow_ticket(events):
            return Outcome("signed_in")
        texts = [text for text in sign_in.errors.values() if text] + [sign_in.form_message]
        return Outcome("refused", next(text for text in texts if text))

    async def request_reset(self, email: str) -> Outcome:
        reset = self.state(ForgotPasswordState)
        await events_of(reset.request_code({"email": email}))
        if reset.step != "code":
            return Outcome("field_errors", errors=shown_errors(reset.errors))
        return Outcome("reset_requested")

    async def reset_password(self, code: str, password: str) -> Outcome:
        reset = self.state(ForgotPasswordState)
        form = {"code": code, "password": password, "password_confirmation": password}
        await events_of(reset.reset_password(form))
        if reset.step == "done":
            return Outcome("password_reset_done")
        if reset.step == "email":
            return Outcome("request_expired", reset.notice)
        if list(shown_errors(reset.errors)) == ["code"]:
            return Outcome("code_refused", reset.errors["code"])
        return Outcome("field_errors", errors=shown_errors(reset.errors))

    async def request_email_change(self, new_email: str) -> Outcome:
        section = self.state(EmailSection)
        await section.load()
        section.clear_section()  # the card opens on a new change
        await events_of(section.request_change({"new_email": new_email}))
        if section.step != "code":
            return Outcome("field_errors", errors=shown_errors(section.errors))
        return Outcome("email_change_requested")

    async def confirm_email_change(self, code: str) -> Outcome:
        section = self.state(EmailSection)
        await events_of(section.confirm({"email_code": code}))
        if shown_errors(section.errors):
            return Outcome("field_errors", errors=shown_errors(section.errors))
        return Outcome("email_changed", section.status)

    async def update_profile(self, **changes: str) -> Outcome:
        section = self.state(ProfileSection)
        await section.load()
        await events_of(section.save(dict(section.profile) | changes))
        if shown_errors(section.errors):
            return Outcome("field_errors", errors=shown_errors(section.errors))
        return Outcome("profile_updated", section.status)


# GraphQL ``__typename`` → the shared vocabulary.
KINDS = {
    "RegistrationPending": "pending",
    "FieldErrors": "field_errors",
    "RateLimited": "rate_limited",
    "InvalidCode": "code_refused",
    "CodeExpired": "code_refused",
    "TooManyAttempts": "code_refused",
    "CodeRefused": "code_refused",
    "FlowExpired": "flow_expired",
    "FlowCompleted": "flow_completed",
    "AccountCreated": "account_created",
    "CodeResent": "code_resent",
    "SignedIn": "signed_in",
    "LoginRefused": "refused",
    "PasswordResetRequested": "reset_requested",
    "EmailChangeRequested": "email_change_requested",
    "NotSignedIn": "not_signed_in",
}


class GraphQLDoor:
    """A partner app: one HTTP client, the flow ids and the session token it was given."""

    name = "graphql"
    # The published result types carry no sentence for these.
    silent: ClassVar[frozenset[str]] = frozenset(
        {
            "pending",
            "account_created",
            "code_resent",
            "signed_in",
            "email_change_requested",
            "email_changed",
            "profile_updated",
        }
    )

    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http
        self.flow_id = ""
        self.token = ""

    async def call(self, query: str, **variables: object) -> dict[str, Any]:
        """The one root field's result; transport errors fail the test."""
        headers = {"authorization": f"Bearer {self.token}"} if self.token else {}
        response = await self.http.post(
            "/graphql", json={"query": query, "variables": variables}, headers=headers
        )
        assert response.status_code == 200, response.text
        body = response.json()
        assert "errors" not in body, body["errors"]
        result: dict[str, Any] = next(iter(body["data"].values()))
        return result

    @staticmethod
    def outcome(result: Mapping[str, Any], done: str = "") -> Outcome:
        """``done`` names what a ``Done`` / ``ProfileUpdated`` answer means in this step."""
        typename = result["__typename"]
        if typename == "FieldErrors":
            errors = {
                CORE_FIELD.get(e["field"], e["field"]): e["message"] for e in result["errors"]
            }
            return Outcome("field_errors", errors=errors)
        kind = KINDS.get(typename) or done
        assert kind, typename
        if result.get("code") == "flow.expired":
            kind = "request_expired"  # a password reset's ended request, as a CodeRefused
        return Outcome(kind, result.get("message"))

    async def register(self, **changes: object) -> Outcome:
        challenge = await self.call(q.CAPTCHA)
        data = SIGNUP_FORM | {"captcha_answer": CAPTCHA_TEST_ANSWER} | changes
        data |= {"captchaId": challenge["id"], "captchaAnswer": data.pop("captcha_answer")}
        renamed = {name: key for key, name in CORE_FIELD.items()}
        result = await self.call(q.REGISTER, input={renamed.get(k, k): v for k, v in data.items()})
        self.flow_id = result.get("flowId") or self.flow_id
        return self.outcome(result)

    async def verify_code(self, code: str) -> Outcome:
        return self.outcome(await self.call(q.VERIFY, flowId=self.flow_id, code=code))

    async def resend_code(self) -> Outcome:
        return self.outcome(await self.call(q.RESEND, flowId=self.flow_id))

    async def resend_reset_code(self) -> Outcome:
        """The API has no resend for a password reset (a partner asks again): the core's
        resend, as the page calls it, so that what the API answers to the older code is seen."""
        sent = await password_reset.resend_reset_code(self.flow_id, PEER_IP)
        assert sent is not None
        return Outcome("code_resent")

    async def sign_in(self, email: str, password: str) -> Outcome:
        result = await self.call(q.LOGIN, email=email, password=password)
        self.token = result.get("sessionToken") or self.token
        return self.outcome(result)

    async def request_reset(self, email: str) -> Outcome:
        result = await self.call(q.REQUEST_RESET, email=email)
        self.flow_id = result.get("flowId") or self.flow_id
        return self.outcome(result)

    async def reset_password(self, code: str, password: str) -> Outcome:
        result = await self.call(q.RESET, flowId=self.flow_id, code=code, password=password)
        return self.outcome(result, done="password_reset_done")

    async def request_email_change(self, new_email: str) -> Outcome:
        result = await self.call(q.REQUEST_EMAIL_CHANGE, newEmail=new_email)
        self.flow_id = result.get("flowId") or self.flow_id
        return self.outcome(result)

    async def confirm_email_change(self, code: str) -> Outcome:
        result = await self.call(q.CONFIRM_EMAIL_CHANGE, flowId=self.flow_id, code=code)
        return self.outcome(result, done="email_changed")

    async def update_profile(self, **changes: str) -> Outcome:
        camel = {re.sub(r"_(\w)", lambda m: m.group(1).upper(), k): v for k, v in changes.items()}
        result = await self.call(q.UPDATE_PROFILE, input=camel)
        return self.outcome(result, done="profile_updated")


DOORS: dict[str, type[PageDoor] | type[GraphQLDoor]] = {"page": PageDoor, "graphql": GraphQLDoor}


def expect(
    door: Door,
    outcome: Outcome,
    kind: str,
    message: str | None = None,
    errors: Mapping[str, str] | None = None,
) -> None:
    """The one assertion of the journey tests: same kind, same French words, same field
    errors, whichever the door; a door whose contract has no sentence for ``kind`` says none."""
    assert outcome.kind == kind, outcome
    expected = None if message is None or kind in door.silent else message
    assert outcome.message == expected, f"{door.name}: {outcome.message!r} != {expected!r}"
    assert dict(outcome.errors) == dict(errors or {}), outcome
