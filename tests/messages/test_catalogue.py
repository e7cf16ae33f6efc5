"""The message catalogue: every code the core can return has a French sentence, every key a door
asks for exists, no key is dead, unknown keys fall back by one rule, counts agree, and the
numbers quoted to the person are the core's own limits."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from monparis_app import messages
from monparis_app.core import (
    data_rights,
    identity_fields,
    passkeys,
    password_policy,
    profile,
    verification_codes,
)
from monparis_app.core.errors import InvalidInput
from monparis_app.core.franceconnect import KNOWN_PROVIDER_ERRORS
from monparis_app.messages import MESSAGES, franceconnect_title, message_for
from monparis_app.messages import account as catalogue_account

APP = Path(messages.__file__).parents[1]
CORE_DIRS = (APP / "core", APP / "adapters")
CODE = re.compile(r"^[a-z_]+(\.[a-z_]+)?$")
# Codes the core's code could form but never returns: each says why.
UNREACHABLE = {
    "usage_name.required": "a blank usage name is stored as None before normalize_name runs",
    # The ``code`` class attributes of the domain errors' bases, never shown themselves:
    "error": "DomainError's placeholder; every raised error is a subclass with its own code",
    "invalid_input": "InvalidInput is shown through the code of each of its field errors",
    "franceconnect.error": "FranceConnectError's placeholder; failure() always sets a code",
}


def python_files(*folders: Path) -> Iterator[tuple[Path, ast.Module]]:
    for folder in folders:
        for path in sorted(folder.rglob("*.py")):
            yield path, ast.parse(path.read_text(encoding="utf-8"))


def call_name(node: ast.Call) -> str:
    func = node.func
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")


def strings_in(node: ast.AST | None) -> set[str]:
    """String constants in ``node`` (both arms of ``a if x else b``, a tuple's first item),
    f-strings excluded (``formed_core_codes`` runs the rules that build them)."""
    if node is None or isinstance(node, ast.JoinedStr):
        return set()
    if isinstance(node, ast.Constant):
        value = node.value
        return {value} if isinstance(value, str) and CODE.match(value) else set()
    if isinstance(node, ast.Tuple):
        return strings_in(node.elts[0]) if node.elts else set()
    return set().union(*(strings_in(child) for child in ast.iter_child_nodes(node)))


def argument(node: ast.Call, index: int, keyword: str) -> ast.AST | None:
    if len(node.args) > index:
        return node.args[index]
    return next((k.value for k in node.keywords if k.arg == keyword), None)


def codes_in_call(node: ast.Call) -> set[str]:
    """FieldError(field, code), SignInRefused/CodeRefused(code), FranceConnect failure(code)
    and its ``if_linked_meanwhile=(code, reason)`` argument."""
    name = call_name(node)
    if name == "FieldError":
        return strings_in(argument(node, 1, "code"))
    if name in ("SignInRefused", "CodeRefused"):
        return strings_in(argument(node, 0, "code"))
    short = strings_in(argument(node, len(node.args) + 1, "if_linked_meanwhile"))
    if name == "failure":
        short |= strings_in(argument(node, 0, "code"))
    return {f"franceconnect.{c}" for c in short}


def assigned_names(node: ast.AST) -> set[str]:
    if isinstance(node, ast.Assign):
        return {t.id for t in node.targets if isinstance(t, ast.Name)}
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
        return {node.target.id}
    return set()


def codes_in_assignment(node: ast.AST) -> set[str]:
    """``code = "x.y"`` (a result's default code) and the verdict → code tables
    (``codes = {...}``, ``REFUSAL_CODES = {...}``)."""
    names = assigned_names(node)
    value = getattr(node, "value", None)
    if "code" in names and isinstance(value, ast.Constant):
        return strings_in(value)
    if isinstance(value, ast.Dict) and any(n == "codes" or n.endswith("_CODES") for n in names):
        return set().union(*(strings_in(v) for v in value.values))
    return set()


def literal_core_codes() -> set[str]:
    """Codes written as literals in the core and its adapters."""
    found = {f"franceconnect.{c}" for c in (*KNOWN_PROVIDER_ERRORS, "provider_error")}
    for _, tree in python_files(*CORE_DIRS):
        for node in ast.walk(tree):
            found |= codes_in_call(node) if isinstance(node, ast.Call) else set()
            found |= codes_in_assignment(node)
    return found


def identity_field_names() -> dict[str, set[str]]:
    """normalize_* function → the field names the core passes it (literals and defaults)."""
    names: dict[str, set[str]] = {}
    for function in ("normalize_name", "normalize_email", "normalize_phone", "normalize_sex"):
        default = getattr(identity_fields, function).__defaults__ or ()
        names[function] = {d for d in default if isinstance(d, str)}
    for _, tree in python_files(*CORE_DIRS):
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and call_name(node) in names:
                names[call_name(node)] |= strings_in(argument(node, 1, "field"))
    return names


BAD_INPUTS = ("", " ", "x" * 300, "123", "Zoé\x01", "pas un courriel", "99")


def codes_raised(function: object, *args: str) -> set[str]:
    try:
        function(*args)  # type: ignore[operator]
    except InvalidInput as invalid:
        return {e.code for e in invalid.errors}
    return set()


def formed_core_codes() -> set[str]:
    """Codes built with an f-string: found by running the rules on bad inputs."""
    found: set[str] = set()
    for function, fields in identity_field_names().items():
        for field in fields:
            for bad in BAD_INPUTS:
                found |= codes_raised(getattr(identity_fields, function), bad, field)
    for name in profile.EDITABLE_FIELDS:
        for bad in BAD_INPUTS:
            found |= codes_raised(profile._normalize_profile_field, name, bad)
    found |= {f"password.{rule.id}" for rule in password_policy.PASSWORD_RULES}
    return found


def test_the_scan_sees_the_core() -> None:
    """Guard against a scan that silently finds nothing after files move."""
    literal, formed = literal_core_codes(), formed_core_codes()
    assert {"sign_in.invalid", "code.too_many_attempts", "franceconnect.invalid_state"} <= literal
    assert {"first_name.too_long", "new_email.invalid", "address_city.invalid"} <= formed


def test_every_code_the_core_can_return_has_a_message() -> None:
    returned = literal_core_codes() | formed_core_codes()
    missing = sorted(returned - set(UNREACHABLE) - set(MESSAGES))
    assert missing == []


def door_keys() -> set[str]:
    """Keys the doors (pages, components, GraphQL, HTTP routes) name in a lookup."""
    found: set[str] = set()
    lookups = ("message_for", "franceconnect_message")
    for path, tree in python_files(APP):
        if path.is_relative_to(APP / "messages"):
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and call_name(node) in lookups and node.args:
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    found.add(first.value)
    return found


def test_every_key_a_door_asks_for_exists() -> None:
    keys = door_keys()
    assert "rate_limited" in keys
    assert sorted(keys - set(MESSAGES)) == []


def all_app_strings() -> set[str]:
    """Every string literal outside the catalogue, and the values a ``?x=value`` URL carries."""
    found: set[str] = set()
    for path, tree in python_files(APP):
        if path.is_relative_to(APP / "messages"):
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found.add(node.value)
                found |= set(re.findall(r"[?&]\w+=(\w+)", node.value))
    return found


def test_no_key_is_dead() -> None:
    """A key is alive when the core returns it, a door names it, or (for the journeys read by
    a URL parameter: FranceConnect answers, home notices, titles) its short code appears."""
    alive = literal_core_codes() | formed_core_codes() | door_keys() | {"fallback"}
    strings = all_app_strings()
    prefixes = ("franceconnect.", "notice.", "franceconnect_title.")
    dead = [
        key
        for key in MESSAGES
        if key not in alive
        and key not in strings
        and not any(key.startswith(p) and key.removeprefix(p) in strings for p in prefixes)
    ]
    assert dead == []


def test_the_dead_keys_are_gone() -> None:
    """Nothing returns ``current_password.required`` (an empty current password is
    "incorrect"), and sign-out with FranceConnect ends on the home page's notice, never on
    the error page's ``franceconnect.signed_out``."""
    assert "current_password.required" not in MESSAGES
    assert "franceconnect.signed_out" not in MESSAGES
    assert message_for("notice.franceconnect_signed_out") == (
        "Vous êtes déconnecté·e de Mon Paris et de FranceConnect."
    )


def test_one_fallback_rule() -> None:
    general = "Cette valeur n'est pas acceptée."
    assert message_for("nothing.like_this") == general
    assert message_for("no_dot_at_all") == general
    assert message_for("franceconnect.error") == message_for("franceconnect.provider_error")
    assert franceconnect_title("franceconnect.unheard_of") == messages.DEFAULT_ERROR_TITLE
    assert franceconnect_title("franceconnect.access_denied") == (
        "Connexion avec FranceConnect annulée"
    )
    assert messages.fallback_key("franceconnect.x") in MESSAGES
    assert all(key in MESSAGES for key in messages.FALLBACKS.values())


def test_parameters_fill_the_sentence_and_extra_ones_are_ignored() -> None:
    assert message_for("rate_limited", retry_after=7) == (
        "Trop de tentatives. Réessayez dans 7 secondes."
    )
    assert message_for("code.invalid", retry_after=0) == "Le code de validation est incorrect."


@pytest.mark.parametrize(
    ("left", "tail"),
    [(0, "0 essai."), (1, "1 essai."), (2, "2 essais."), (3, "3 essais.")],
)
def test_tries_left_agree_with_their_count(left: int, tail: str) -> None:
    text = message_for("code.invalid_attempts_left", attempts_left=left)
    assert text == f"Le code de validation est incorrect. Il vous reste {tail}"


def test_other_counted_sentences() -> None:
    assert message_for("signup.form_errors", count=1).startswith("Le formulaire contient 1 erreur.")
    assert message_for("signup.form_errors", count=2).startswith(
        "Le formulaire contient 2 erreurs."
    )
    assert message_for("sessions.ended_others", count=0) == "Aucune autre session n'était ouverte."
    assert message_for("sessions.ended_others", count=1) == "Votre autre session a été terminée."
    assert message_for("sessions.ended_others", count=4) == (
        "Vos 4 autres sessions ont été terminées."
    )


def test_a_counted_sentence_needs_its_count() -> None:
    with pytest.raises(KeyError):
        message_for("code.invalid_attempts_left")


def test_journeys_do_not_share_a_key() -> None:
    seen: dict[str, str] = {}
    for journey in messages._JOURNEYS:
        for key in journey.MESSAGES:
            assert key not in seen, f"{key} in {journey.__name__} and {seen[key]}"
            seen[key] = journey.__name__


def raw_sentences() -> Iterator[tuple[str, str]]:
    for key, template in MESSAGES.items():
        if isinstance(template, messages.Plural):
            forms = (template.zero, template.one, template.other)
            yield from ((key, form) for form in forms if form is not None)
        else:
            yield key, template


LIMITS = {
    "first_name.too_long": identity_fields.NAME_MAX_LENGTH,
    "last_name.too_long": identity_fields.NAME_MAX_LENGTH,
    "usage_name.too_long": identity_fields.NAME_MAX_LENGTH,
    "email.too_long": identity_fields.EMAIL_MAX_LENGTH,
    "new_email.too_long": identity_fields.EMAIL_MAX_LENGTH,
    "password.min_length": password_policy.MIN_LENGTH,
    "password.confirmation_hint": password_policy.MIN_LENGTH,
    "password.too_long": password_policy.MAX_LENGTH,
    "birth_place.invalid": profile.FREE_TEXT_MAX,
    "address_city.invalid": profile.FREE_TEXT_MAX,
    "address_postcode.invalid": catalogue_account.POSTCODE_MAX_LENGTH,
    "code.required": verification_codes.CODE_LENGTH,
    "code.format": verification_codes.CODE_LENGTH,
    "passkey.too_many": passkeys.MAX_PASSKEYS,
    "passkey.name_too_long": passkeys.NAME_MAX_LENGTH,
    "passkey.recent_sign_in_required": passkeys.RECENT_SESSION_SECONDS // 60,
}
# "au moins 1 minuscule" is the rule itself; 06 12 34 56 78 is the phone example.
NOT_LIMITS = {"1", "06", "12", "34", "56", "78"}


@pytest.mark.parametrize(("key", "limit"), LIMITS.items())
def test_sentences_quote_the_core_limit(key: str, limit: int) -> None:
    numbers = [n for n in re.findall(r"\d+", message_for(key)) if n != "1"]
    assert numbers == [str(limit)]


def test_no_other_number_is_typed_into_a_sentence() -> None:
    allowed = NOT_LIMITS | {str(limit) for limit in LIMITS.values()}
    typed = {
        (key, number)
        for key, text in raw_sentences()
        for number in re.findall(r"\d+", re.sub(r"\{\w+\}", "", text))
        if number not in allowed
    }
    assert typed == set()


def test_the_postcode_limit_is_the_one_the_core_applies() -> None:
    """The core writes it as a bare number: this fails if the two ever part."""
    limit = catalogue_account.POSTCODE_MAX_LENGTH
    assert profile._normalize_profile_field("address_postcode", "7" * limit) == "7" * limit
    assert codes_raised(profile._normalize_profile_field, "address_postcode", "7" * (limit + 1))


def test_the_deletion_word_is_the_core_one() -> None:
    assert f"saisissez {data_rights.DELETE_CONFIRMATION} en" in message_for("delete.confirmation")
