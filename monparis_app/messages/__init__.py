"""Every French message of Mon Paris, keyed by the stable codes the core returns.

Pages, GraphQL, HTTP routes and e-mails all read this one catalogue, so a wording is changed
here and nowhere else. It is split per journey (``signup``, ``sign_in``, ``codes``,
``password_reset``, ``account``, ``franceconnect``, ``oidc``, ``passkeys``,
``security_events``, ``browser``, ``requests``) only to keep each table short; a key belongs
to exactly one of them and ``message_for`` is the one way to read any of them.

The one fallback rule: a key the catalogue lacks gets its journey's fallback if that journey has
one (``franceconnect.*`` → the generic FranceConnect error, ``franceconnect_title.*`` → the
generic title), otherwise the general sentence. A person never sees a raw key.
"""

from __future__ import annotations

from monparis_app.messages import (
    account,
    browser,
    codes,
    franceconnect,
    oidc,
    passkeys,
    password_reset,
    requests,
    security_events,
    sign_in,
    signup,
)
from monparis_app.messages.franceconnect import (
    DEFAULT_ERROR_TITLE,
    FRANCECONNECT_MESSAGES,
    TITLE_PREFIX,
)
from monparis_app.messages.templates import Plural, Template, render

_JOURNEYS = (
    signup,
    sign_in,
    codes,
    password_reset,
    account,
    franceconnect,
    oidc,
    passkeys,
    security_events,
    browser,
    requests,
)

GENERAL_FALLBACK = "fallback"
MESSAGES: dict[str, Template] = {GENERAL_FALLBACK: "Cette valeur n'est pas acceptée."}
for _journey in _JOURNEYS:
    MESSAGES.update(_journey.MESSAGES)

# Journey (the key's text before its first dot) → the key read when one of its keys is missing.
FALLBACKS: dict[str, str] = {
    "franceconnect": "franceconnect.provider_error",
    TITLE_PREFIX.rstrip("."): f"{TITLE_PREFIX}default",
}


def fallback_key(key: str) -> str:
    """The key read in place of ``key`` when the catalogue has no such entry."""
    return FALLBACKS.get(key.split(".", 1)[0], GENERAL_FALLBACK)


def message_for(key: str, **params: object) -> str:
    """The French text for ``key`` filled with ``params``; an unknown key still gets a sentence."""
    template = MESSAGES.get(key)
    if template is None:
        template = MESSAGES[fallback_key(key)]
    return render(template, params)


def franceconnect_message(code: str) -> str:
    """The French text of a ``franceconnect.*`` code (kept for the GraphQL door's import)."""
    return message_for(code)


def franceconnect_title(code: str) -> str:
    """The error page's title for a ``franceconnect.*`` code."""
    return message_for(TITLE_PREFIX + code.removeprefix("franceconnect."))


__all__ = [
    "DEFAULT_ERROR_TITLE",
    "FALLBACKS",
    "FRANCECONNECT_MESSAGES",
    "GENERAL_FALLBACK",
    "MESSAGES",
    "Plural",
    "Template",
    "fallback_key",
    "franceconnect_message",
    "franceconnect_title",
    "message_for",
]
