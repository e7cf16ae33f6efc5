"""FranceConnect for partner apps: the same flow as the browser's, through GraphQL.

``franceConnectBegin(redirectUri)`` checks the redirect URI against the allow-list
(``MONPARIS_FC_ALLOWED_REDIRECT_URIS`` plus our own callback, exact match: anything else would
make Mon Paris an open redirector) and answers FranceConnect's URL and the ``state``, or a
refusal as a union member like every other mutation. The partner sends its user there, receives
``code``, ``state`` and ``iss`` on its redirect URI, and calls ``franceConnect(code, state, iss)``.
``franceConnectStart`` is the same first step with the published ``FranceConnectStart!`` type:
it can only refuse with a GraphQL error, so it stays, deprecated, for the clients that use it.

Binding: a partner's browser does not carry our binding cookie, so for partners the ``state``
itself is the binding. The partner must keep the state tied to its own user's session and check
it on return before calling ``franceConnect`` (as any OAuth client does); a flow started here is
finished here only: our browser callback refuses it, having no binding cookie for it.

Like the browser's routes, the resolvers use the OIDC client registered at start-up
(``core.franceconnect.use_client``), never one of their own.
"""

from __future__ import annotations

from typing import Annotated

import strawberry
from graphql import GraphQLError

from monparis_app.core import franceconnect as fc
from monparis_app.core import sessions, sign_in
from monparis_app.core.errors import InvalidInput, RateLimited
from monparis_app.graphql import types as t
from monparis_app.graphql.context import Info
from monparis_app.graphql.mutations.signup import rate_limited_error
from monparis_app.messages import franceconnect_message, message_for


@strawberry.type
class FranceConnectStart:
    authorization_url: str = strawberry.field(description="Où envoyer le navigateur.")
    state: str = strawberry.field(
        description="À garder lié à la session de votre utilisateur et à vérifier au retour."
    )


@strawberry.type
class FranceConnectSignedIn:
    session_token: str = strawberry.field(description="À envoyer en en-tête Authorization: Bearer.")
    account: t.Account
    created: bool = strawberry.field(description="Vrai si le compte vient d'être créé.")


@strawberry.type
class FranceConnectLinkRequired:
    """Un compte Mon Paris existe déjà avec ce courriel : rien n'est fusionné sans son mot de
    passe (``franceConnectLink``), ou la personne continue avec un autre courriel."""

    link_token: str
    email: str
    message: str


@strawberry.type
class FranceConnectTermsRequired:
    """Nouvelle identité : le compte n'est créé qu'une fois les Conditions Générales
    d'Utilisation acceptées (``franceConnectAcceptTerms``), avant l'expiration du jeton."""

    creation_token: str
    email: str
    message: str


@strawberry.type
class FranceConnectError:
    code: str
    message: str


@strawberry.type
class FranceConnectLinkRefused:
    code: str
    message: str
    captcha_required: bool
    retry_after: int | None


FranceConnectBeginResult = Annotated[
    FranceConnectStart | FranceConnectError | t.RateLimited,
    strawberry.union("FranceConnectBeginResult"),
]
FranceConnectResult = Annotated[
    FranceConnectSignedIn
    | FranceConnectLinkRequired
    | FranceConnectTermsRequired
    | FranceConnectError,
    strawberry.union("FranceConnectResult"),
]
FranceConnectAcceptTermsResult = Annotated[
    FranceConnectSignedIn | t.FieldErrors | FranceConnectError,
    strawberry.union("FranceConnectAcceptTermsResult"),
]
FranceConnectLinkResult = Annotated[
    FranceConnectSignedIn | FranceConnectLinkRefused | FranceConnectError | t.RateLimited,
    strawberry.union("FranceConnectLinkResult"),
]

START_DEPRECATION = (
    "Utilisez franceConnectBegin, qui répond par une union (FranceConnectError, RateLimited) "
    "au lieu d'une erreur GraphQL."
)


def _error(error: fc.FranceConnectError) -> FranceConnectError:
    return FranceConnectError(code=error.code, message=franceconnect_message(error.code))


async def _start(info: Info, redirect_uri: str) -> FranceConnectStart:
    """The first step; raises ``FranceConnectError`` or ``RateLimited`` for the caller to map."""
    started = await fc.start_for_partner(
        redirect_uri=redirect_uri, client_ip=info.context.client_ip
    )
    return FranceConnectStart(authorization_url=started.authorization_url, state=started.state)


async def _signed_in(info: Info, outcome: fc.SignedIn) -> FranceConnectSignedIn:
    """A session for the partner, holding the id_token for a later FranceConnect sign-out."""
    ctx = info.context
    token = await sessions.open_session(
        outcome.account_id,
        user_agent=ctx.user_agent,
        client_ip=ctx.client_ip,
        fc_id_token=outcome.id_token,
    )
    account = t.Account(
        id=strawberry.ID(str(outcome.account_id)),
        email=outcome.email,
        first_names=outcome.first_names,
    )
    return FranceConnectSignedIn(session_token=token, account=account, created=outcome.created)


async def _finished(
    info: Info, outcome: fc.SignedIn | fc.LinkRequired | fc.TermsRequired
) -> FranceConnectResult:
    if isinstance(outcome, fc.LinkRequired):
        return FranceConnectLinkRequired(
            link_token=outcome.link_token,
            email=outcome.email,
            message=franceconnect_message("franceconnect.link_required"),
        )
    if isinstance(outcome, fc.TermsRequired):
        return FranceConnectTermsRequired(
            creation_token=outcome.creation_token,
            email=outcome.email,
            message=franceconnect_message("franceconnect.terms_required"),
        )
    return await _signed_in(info, outcome)


@strawberry.type
class FranceConnectMutations:
    @strawberry.mutation(
        description="Commence une connexion FranceConnect pour une application.",
        deprecation_reason=START_DEPRECATION,
    )
    async def france_connect_start(self, info: Info, redirect_uri: str) -> FranceConnectStart:
        try:
            return await _start(info, redirect_uri)
        except fc.FranceConnectError as error:
            raise GraphQLError(
                franceconnect_message(error.code), extensions={"code": error.code}
            ) from None
        except RateLimited as limited:
            raise rate_limited_error(limited) from None

    @strawberry.mutation(
        description="Commence une connexion FranceConnect pour une application ; un refus "
        "(adresse de retour non autorisée, trop de tentatives) est un membre de l'union."
    )
    async def france_connect_begin(self, info: Info, redirect_uri: str) -> FranceConnectBeginResult:
        try:
            return await _start(info, redirect_uri)
        except fc.FranceConnectError as error:
            return _error(error)
        except RateLimited as limited:
            return t.RateLimited.after(limited.retry_after)

    @strawberry.mutation(description="Termine la connexion avec le code reçu de FranceConnect.")
    async def france_connect(
        self, info: Info, code: str, state: str, iss: str | None = None
    ) -> FranceConnectResult:
        try:
            outcome = await fc.finish(
                code=code,
                state=state,
                browser_binding=state,
                iss=iss,
                client_ip=info.context.client_ip,
                user_agent=info.context.user_agent,
            )
        except fc.FranceConnectError as error:
            return _error(error)
        return await _finished(info, outcome)

    @strawberry.mutation(
        description="Crée le compte d'une nouvelle identité FranceConnect une fois les "
        "Conditions Générales d'Utilisation acceptées."
    )
    async def france_connect_accept_terms(
        self, info: Info, creation_token: str, accept_terms: bool
    ) -> FranceConnectAcceptTermsResult:
        ctx = info.context
        try:
            outcome = await fc.accept_terms(
                creation_token,
                accept_terms,
                client_ip=ctx.client_ip,
                user_agent=ctx.user_agent,
            )
        except InvalidInput as invalid:
            return t.FieldErrors.from_core(invalid.errors)
        except fc.FranceConnectError as error:
            return _error(error)
        return await _signed_in(info, outcome)

    @strawberry.mutation(description="Relie l'identité FranceConnect au compte de ce courriel.")
    async def france_connect_link(
        self,
        info: Info,
        link_token: str,
        password: str,
        captcha_id: strawberry.ID | None = None,
        captcha_answer: str | None = None,
    ) -> FranceConnectLinkResult:
        ctx = info.context
        try:
            outcome = await fc.complete_link(
                link_token,
                password,
                client_ip=ctx.client_ip,
                user_agent=ctx.user_agent,
                captcha_id=str(captcha_id or ""),
                captcha_answer=captcha_answer or "",
            )
        except fc.FranceConnectError as error:
            return _error(error)
        except RateLimited as limited:
            return t.RateLimited.after(limited.retry_after)
        if isinstance(outcome, sign_in.SignInRefused):
            return FranceConnectLinkRefused(
                code=outcome.code,
                message=message_for(outcome.code, retry_after=outcome.retry_after or 0),
                captcha_required=outcome.captcha_required,
                retry_after=outcome.retry_after,
            )
        return await _signed_in(info, outcome)
