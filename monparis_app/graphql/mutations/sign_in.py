"""Sign-in with e-mail and password, and sign-out of the session the request carries."""

from __future__ import annotations

from typing import Annotated

import strawberry

from monparis_app.core import sessions, sign_in
from monparis_app.core.errors import RateLimited
from monparis_app.graphql import types as t
from monparis_app.graphql.context import Info
from monparis_app.graphql.types.profile import load_profile
from monparis_app.messages import message_for


@strawberry.type
class SignedIn:
    session_token: str = strawberry.field(description="À envoyer en en-tête Authorization: Bearer.")
    account: t.Profile


@strawberry.type
class LoginRefused:
    code: str
    message: str
    captcha_required: bool
    retry_after: int | None


LoginResult = Annotated[SignedIn | LoginRefused | t.RateLimited, strawberry.union("LoginResult")]
LogoutResult = Annotated[t.Done | t.NotSignedIn, strawberry.union("LogoutResult")]


def _refused(outcome: sign_in.SignInRefused) -> LoginRefused:
    return LoginRefused(
        code=outcome.code,
        message=message_for(outcome.code, retry_after=outcome.retry_after or 0),
        captcha_required=outcome.captcha_required,
        retry_after=outcome.retry_after,
    )


@strawberry.type
class SignInMutations:
    @strawberry.mutation(description="Connexion par courriel et mot de passe.")
    async def login(
        self,
        info: Info,
        email: str,
        password: str,
        captcha_id: strawberry.ID | None = None,
        captcha_answer: str | None = None,
    ) -> LoginResult:
        ctx = info.context
        try:
            outcome = await sign_in.authenticate(
                email,
                password,
                client_ip=ctx.client_ip,
                user_agent=ctx.user_agent,
                captcha_id=str(captcha_id or ""),
                captcha_answer=captcha_answer or "",
            )
        except RateLimited as limited:
            return t.RateLimited.after(limited.retry_after)
        if isinstance(outcome, sign_in.SignInRefused):
            return _refused(outcome)
        token = await sessions.open_session(
            outcome.account_id, user_agent=ctx.user_agent, client_ip=ctx.client_ip
        )
        profile = await load_profile(outcome.account_id)
        assert profile is not None
        return SignedIn(session_token=token, account=profile)

    @strawberry.mutation(description="Termine la session utilisée pour cette requête.")
    async def logout(self, info: Info) -> LogoutResult:
        # Not @signed_in: closing by token is the check, in one step (no look-up then close).
        ctx = info.context
        session = await sessions.sign_out(
            ctx.session_token(), client_ip=ctx.client_ip, user_agent=ctx.user_agent
        )
        if session is None:
            return t.NotSignedIn()
        return t.Done(message=message_for("notice.signed_out"))
