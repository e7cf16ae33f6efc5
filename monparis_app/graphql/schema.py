"""The GraphQL schema partners use, assembled from one module per journey, and its limits.

Nothing is resolved here: each journey module (``graphql/mutations/``) maps input, calls the
core and maps the result. The order of the journey classes is the order of the fields in the
published ``schema.graphql``, kept so that a diff of that file shows only real changes.
"""

from __future__ import annotations

from typing import Any

import strawberry
from graphql import GraphQLError, ValidationRule
from strawberry.extensions import (
    AddValidationRules,
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    ValidationCache,
)

from monparis_app.graphql.mutations.connected_services import (
    ConnectedServicesMutations,
    ConnectedServicesQueries,
)
from monparis_app.graphql.mutations.data_rights import DataRightsMutations
from monparis_app.graphql.mutations.email_change import EmailChangeMutations
from monparis_app.graphql.mutations.franceconnect import FranceConnectMutations
from monparis_app.graphql.mutations.passkeys import PasskeysMutations, PasskeysQueries
from monparis_app.graphql.mutations.password_reset import PasswordResetMutations
from monparis_app.graphql.mutations.profile import (
    PasswordChangeMutations,
    ProfileMutations,
    ProfileQueries,
)
from monparis_app.graphql.mutations.sessions import SessionsMutations, SessionsQueries
from monparis_app.graphql.mutations.sign_in import SignInMutations
from monparis_app.graphql.mutations.signup import SignUpMutations, SignUpQueries
from monparis_app.graphql.validation import NoIntrospection, OneGuessPerRequest
from monparis_app.settings import get_settings

MAX_DEPTH = 8
MAX_TOKENS = 2000
MAX_ALIASES = 10
# Clients send the same few documents again and again: each is parsed and validated once, not at
# every request (that was ~12 % of the server's CPU in a sign-up burst). Bounded LRU caches, so
# unique documents sent on purpose only evict entries.
DOCUMENT_CACHE_SIZE = 256


@strawberry.type
class Query(
    ProfileQueries, SessionsQueries, PasskeysQueries, ConnectedServicesQueries, SignUpQueries
):
    pass


@strawberry.type
class Mutation(
    SignInMutations,
    ProfileMutations,
    EmailChangeMutations,
    PasswordChangeMutations,
    PasswordResetMutations,
    SessionsMutations,
    PasskeysMutations,
    ConnectedServicesMutations,
    DataRightsMutations,
    FranceConnectMutations,
    SignUpMutations,
):
    pass


def _is_unexpected(error: GraphQLError) -> bool:
    """Mask what a bug raised; keep what GraphQL itself says about a bad query."""
    original = error.original_error
    return original is not None and not isinstance(original, GraphQLError)


def _extensions() -> list[Any]:
    settings = get_settings()
    extensions: list[Any] = [
        QueryDepthLimiter(max_depth=MAX_DEPTH),
        MaxTokensLimiter(max_token_count=MAX_TOKENS),
        MaxAliasesLimiter(max_alias_count=MAX_ALIASES),
    ]
    rules: list[type[ValidationRule]] = [OneGuessPerRequest]
    if not settings.graphql_introspection_enabled:
        # Partners read the published schema.graphql; a prod server gives scanners no map.
        rules.append(NoIntrospection)
    extensions.append(AddValidationRules(rules))
    extensions += [
        ParserCache(maxsize=DOCUMENT_CACHE_SIZE),
        ValidationCache(maxsize=DOCUMENT_CACHE_SIZE),
    ]
    if not settings.is_dev:
        extensions.append(MaskErrors(should_mask_error=_is_unexpected))
    return extensions


def build_schema() -> strawberry.Schema:
    """The schema with the extensions the current settings ask for (read once, at build)."""
    return strawberry.Schema(query=Query, mutation=Mutation, extensions=_extensions())


schema = build_schema()
