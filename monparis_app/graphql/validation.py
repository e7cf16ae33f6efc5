"""Validation rules of the partner API, run before any resolver.

``NoIntrospection`` hides the schema from scanners in prod (``MONPARIS_GRAPHQL_INTROSPECTION``).

GraphQL lets one request hold many root fields: ten ``login`` aliases, fragments on the
``Mutation`` type, several operations in one document. Without a rule, each of them is one more
password, code or captcha guess, and every per-attempt limit of the core would count a request
as ten tries at once, or be raced by them. ``OneGuessPerRequest`` refuses, at validation, any
document that holds more than one field which checks a secret, so a guess always costs a
request and goes through the per-request limits (the sign-in throttle, per-IP limits).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from graphql import (
    FieldNode,
    GraphQLError,
    ValidationRule,
    get_named_type,
    is_introspection_type,
)

from monparis_app.messages import message_for

# Root mutations that check something a caller could guess: a password, an e-mailed code, a
# captcha answer, or a one-time token of an ongoing FranceConnect flow. Names as in
# schema.graphql; tests/graphql/test_one_guess_per_request.py fails if one disappears.
GUESSING_FIELDS = frozenset(
    {
        "login",  # password (+ captcha)
        "register",  # captcha answer
        "verifyCode",  # e-mailed code
        "resetPassword",  # e-mailed code
        "confirmEmailChange",  # e-mailed code
        "changePassword",  # current password
        "deleteAccount",  # password
        "franceConnect",  # authorization code and state
        "franceConnectAcceptTerms",  # creation token
        "franceConnectLink",  # password (+ captcha)
        "passkeyRegistrationOptions",  # current password
    }
)
MAX_GUESSES_PER_REQUEST = 1
ERROR_CODE = "request.too_many_guesses"


def too_many_guesses_message(counts: Counter[str]) -> str:
    """French, like every message a partner shows; it names what was found and what to do."""
    found = ", ".join(
        f"{name} ×{count}" if count > 1 else name for name, count in sorted(counts.items())
    )
    return message_for(ERROR_CODE, found=found)


class OneGuessPerRequest(ValidationRule):
    """At most ``MAX_GUESSES_PER_REQUEST`` guessing fields in the whole document.

    Counted on the AST: every field node whose parent type is the ``Mutation`` root, so
    aliases, inline fragments and named fragments are all seen, and the operations of one
    document are added together (a fragment spread twice in one operation is one field node:
    GraphQL merges it into one execution, so it is counted once). ``@skip``/``@include`` are
    not evaluated: a guarded field still counts.
    """

    def __init__(self, context: Any) -> None:
        super().__init__(context)
        self.counts: Counter[str] = Counter()
        self.nodes: list[FieldNode] = []

    def enter_field(self, node: FieldNode, *_args: object) -> None:
        mutation_type = self.context.schema.mutation_type
        parent = self.context.get_parent_type()
        if mutation_type is None or parent is not mutation_type:
            return
        name = node.name.value
        if name in GUESSING_FIELDS:
            self.counts[name] += 1
            self.nodes.append(node)

    def leave_document(self, *_args: object) -> None:
        if sum(self.counts.values()) > MAX_GUESSES_PER_REQUEST:
            self.report_error(
                GraphQLError(
                    too_many_guesses_message(self.counts),
                    self.nodes,
                    extensions={"code": ERROR_CODE},
                )
            )


INTROSPECTION_DISABLED_CODE = "request.introspection_disabled"
INTROSPECTION_DISABLED_MESSAGE = message_for("request.introspection_disabled")


class NoIntrospection(ValidationRule):
    """graphql-core's ``NoSchemaIntrospectionCustomRule``, in French and once per entry point.

    Refuses every field that returns an introspection type (``__schema``, ``__type``); an error
    is reported where introspection is entered, not again for each field inside it.
    ``__typename`` stays allowed: clients switch on it to read the result unions.
    """

    def enter_field(self, node: FieldNode, *_args: object) -> None:
        returned = get_named_type(self.context.get_type())
        if returned is None or not is_introspection_type(returned):
            return
        parent = self.context.get_parent_type()
        if parent is not None and is_introspection_type(parent):
            return
        self.report_error(
            GraphQLError(
                INTROSPECTION_DISABLED_MESSAGE,
                node,
                extensions={"code": INTROSPECTION_DISABLED_CODE},
            )
        )
