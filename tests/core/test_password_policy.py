"""The password policy at each of its edges."""

import re

import pytest

from monparis_app.core.password_policy import (
    MAX_LENGTH,
    MIN_LENGTH,
    PASSWORD_RULES,
    check_password,
    generate_password,
    unmet_rules,
)


def codes(password: str, personal: tuple[str, ...] = ()) -> list[str]:
    return [e.code for e in check_password(password, personal)]


def test_length_edge() -> None:
    assert "password.min_length" in codes("Kw7!pLx")  # 7 characters
    assert codes("Kw7!pLx9") == []  # exactly 8


def test_max_length_edge() -> None:
    base = generate_password(MAX_LENGTH)
    assert len(base) == MAX_LENGTH
    assert codes(base) == []
    assert codes(base + "a") == ["password.too_long"]


@pytest.mark.parametrize(
    ("password", "missing"),
    [
        ("KW7!PLX9", "password.lowercase"),
        ("kw7!plx9", "password.uppercase"),
        ("Kwx!pLxz", "password.digit"),
        ("Kw7kpLx9", "password.special"),
    ],
)
def test_each_character_class_is_required(password: str, missing: str) -> None:
    assert codes(password) == [missing]


def test_accented_letters_count_as_letters() -> None:
    assert unmet_rules("été") == ["min_length", "uppercase", "digit", "special"]
    assert unmet_rules("ÉTÉ") == ["min_length", "lowercase", "digit", "special"]


def test_common_password_meeting_every_rule_is_refused() -> None:
    assert codes("Azerty123!") == ["password.not_common"]
    assert codes("P@ssw0rd!") == ["password.not_common"]


def test_password_containing_name_or_email_is_refused() -> None:
    personal = ("Jean-Baptiste", "Dupontel", "jb.dupontel@example.fr")
    assert codes("Dupontel#2024x", personal) == ["password.not_personal"]
    assert codes("xJEAN!baptiste9", personal) == ["password.not_personal"]
    assert codes("Kw7!pLx9zQ", personal) == []


def test_rules_are_published_as_data_that_browsers_can_run() -> None:
    ids = [r.id for r in PASSWORD_RULES]
    assert ids[:5] == ["min_length", "lowercase", "uppercase", "digit", "special"]
    for rule in PASSWORD_RULES:
        assert rule.label
        if rule.client_side:
            assert rule.pattern is not None
            re.compile(rule.pattern)
    assert MIN_LENGTH == 8


def test_generated_passwords_are_random_and_acceptable() -> None:
    proposals = {generate_password() for _ in range(50)}
    assert len(proposals) == 50
    for proposal in proposals:
        assert len(proposal) == 16
        assert check_password(proposal) == []
