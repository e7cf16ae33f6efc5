"""The password policy, defined once as data.

The sign-up guide asks for at least 8 characters with a lower case letter, an upper case letter,
a digit and a special character. Eight characters are only acceptable with brute-force limits
(CNIL 2022-100), and a password that meets every rule can still be one of the first a cracker
tries (``Azerty123!``), so the policy also refuses what the zxcvbn dictionaries rate as easy to
guess and what contains the person's own name or address.

``PASSWORD_RULES`` is published as is (GraphQL ``passwordPolicy``, the page's live checklist):
the ``pattern`` of a client-side rule is a regular expression written in the common subset of
JavaScript and Python, so the browser and the server test the very same thing.
"""

from __future__ import annotations

import re
import secrets
import string
from collections.abc import Iterable
from dataclasses import dataclass

from zxcvbn import zxcvbn

from monparis_app.core.errors import FieldError

MIN_LENGTH = 8
MAX_LENGTH = 128
# zxcvbn's estimate below 10^6 guesses (its score 0 or 1): found in minutes by an online attack.
MIN_GUESSES_LOG10 = 6.0
PERSONAL_TOKEN_MIN_LENGTH = 3
ZXCVBN_MAX_LENGTH = 72


@dataclass(frozen=True)
class PasswordRule:
    """One rule: ``pattern`` must match somewhere in the password for the rule to be met.

    ``client_side`` rules can be checked in the browser at each keystroke; the others need data
    the page may not have (dictionaries, the person's name) and are checked by the server.
    """

    id: str
    label: str
    pattern: str | None
    client_side: bool


PASSWORD_RULES: tuple[PasswordRule, ...] = (
    PasswordRule(
        "min_length", f"Au moins {MIN_LENGTH} caractères", f"^[\\s\\S]{{{MIN_LENGTH},}}$", True
    ),
    PasswordRule("lowercase", "Au moins 1 minuscule", "[a-zà-ÿ]", True),
    PasswordRule("uppercase", "Au moins 1 majuscule", "[A-ZÀ-Þ]", True),
    PasswordRule("digit", "Au moins 1 chiffre", "[0-9]", True),
    PasswordRule("special", "Au moins 1 caractère spécial (? ! - € …)", "[^a-zA-Z0-9à-ÿÀ-Þ]", True),
    PasswordRule("not_common", "Pas un mot de passe trop courant", None, False),
    PasswordRule("not_personal", "Ne contient ni votre nom ni votre courriel", None, False),
)

_COMPILED = {rule.id: re.compile(rule.pattern) for rule in PASSWORD_RULES if rule.pattern}


def unmet_rules(password: str) -> list[str]:
    """Ids of the client-side rules the password does not meet yet, in policy order."""
    return [rule_id for rule_id, regex in _COMPILED.items() if not regex.search(password)]


def check_password(password: str, personal_info: Iterable[str] = ()) -> list[FieldError]:
    """Every reason to refuse ``password``; empty when it is acceptable.

    The character rules come first (a short password is not worth a dictionary look-up), then
    the person's own words, then the dictionaries: the same judgements ``rule_verdicts`` gives
    the live checklist, so the page can never tick what this refuses.
    """
    if len(password) > MAX_LENGTH:
        return [FieldError("password", "password.too_long")]
    errors = [FieldError("password", f"password.{rule_id}") for rule_id in unmet_rules(password)]
    if errors:
        return errors
    tokens = _personal_tokens(personal_info)
    if _is_personal(password, tokens):
        return [FieldError("password", "password.not_personal")]
    if _is_common(password, tokens):
        return [FieldError("password", "password.not_common")]
    return []


def rule_verdicts(password: str, personal_info: Iterable[str] = ()) -> dict[str, bool]:
    """Each rule of ``PASSWORD_RULES`` → met or not, judged on its own.

    For a live checklist: the rules the browser cannot test (dictionaries, the person's name)
    are judged here by the very functions ``check_password`` uses. An empty password meets
    nothing, a password over ``MAX_LENGTH`` nothing either (it is refused whatever it holds).
    """
    if not password or len(password) > MAX_LENGTH:
        return {rule.id: False for rule in PASSWORD_RULES}
    unmet = set(unmet_rules(password))
    tokens = _personal_tokens(personal_info)
    server_side = {
        "not_personal": not _is_personal(password, tokens),
        "not_common": not _is_common(password, tokens),
    }
    return {rule.id: server_side.get(rule.id, rule.id not in unmet) for rule in PASSWORD_RULES}


def _is_personal(password: str, tokens: set[str]) -> bool:
    folded = password.casefold()
    return any(token in folded for token in tokens)


def _is_common(password: str, tokens: set[str]) -> bool:
    """zxcvbn's estimate below ``MIN_GUESSES_LOG10``; zxcvbn refuses more than 72 characters,
    and past that the start decides whether it is common."""
    estimate = zxcvbn(password[:ZXCVBN_MAX_LENGTH], user_inputs=sorted(tokens))
    return bool(estimate["guesses_log10"] < MIN_GUESSES_LOG10)


def check_confirmation(password: str, confirmation: str) -> list[FieldError]:
    if not secrets.compare_digest(password.encode(), confirmation.encode()):
        return [FieldError("password_confirmation", "password_confirmation.mismatch")]
    return []


def check_new_password(
    password: str, confirmation: str, personal_info: list[str]
) -> list[FieldError]:
    """A new password and its confirmation, as every form that sets one checks them (sign-up,
    reset, change): the missing ones first, then the policy, then the match."""
    if not password:
        errors = [FieldError("password", "password.required")]
    else:
        errors = check_password(password, personal_info)
    return errors + check_confirmation_field(password, confirmation)


def check_confirmation_field(password: str, confirmation: str) -> list[FieldError]:
    """The confirmation field alone: missing, or not the password (when there is one)."""
    if not confirmation:
        return [FieldError("password_confirmation", "password_confirmation.required")]
    return check_confirmation(password, confirmation) if password else []


def _personal_tokens(values: Iterable[str]) -> set[str]:
    """Names and e-mail split into the words a person would reuse in a password."""
    tokens: set[str] = set()
    for value in values:
        for token in re.split(r"[\s@.\-_'’+]+", value.casefold()):
            if len(token) >= PERSONAL_TOKEN_MIN_LENGTH:
                tokens.add(token)
    return tokens


_PROPOSAL_SETS = (string.ascii_lowercase, string.ascii_uppercase, string.digits, "!?-_#%+=@*")


def generate_password(length: int = 16) -> str:
    """A random password from ``secrets`` that meets every rule.

    One character of each class is guaranteed, then the order is shuffled; the alphabet avoids
    characters that are hard to read or to type on a phone.
    """
    alphabet = "".join(_PROPOSAL_SETS)
    while True:
        chars = [secrets.choice(chars_set) for chars_set in _PROPOSAL_SETS]
        chars += [secrets.choice(alphabet) for _ in range(length - len(chars))]
        secrets.SystemRandom().shuffle(chars)
        proposal = "".join(chars)
        if not check_password(proposal):
            return proposal
