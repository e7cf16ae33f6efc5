"""The live checklist's verdicts are the server's: a password is ticked on every line exactly
when ``check_password`` accepts it."""

from __future__ import annotations

import pytest

from monparis_app.core.password_policy import (
    MAX_LENGTH,
    PASSWORD_RULES,
    check_password,
    generate_password,
    rule_verdicts,
)

PERSONAL = ("Angèle", "Dubois-Martin", "angele.dubois@exemple.fr")


def test_a_common_password_meeting_the_character_rules_is_not_all_ticked() -> None:
    verdicts = rule_verdicts("Password1!")
    assert [rule for rule, met in verdicts.items() if not met] == ["not_common"]
    assert [e.code for e in check_password("Password1!")] == ["password.not_common"]


def test_the_persons_own_words_are_judged_with_what_the_page_knows() -> None:
    assert rule_verdicts("Dubois#2024xq", PERSONAL)["not_personal"] is False
    assert rule_verdicts("Dubois#2024xq")["not_personal"] is True


def test_every_rule_gets_a_verdict_even_when_an_earlier_one_fails() -> None:
    verdicts = rule_verdicts("azerty")
    assert set(verdicts) == {rule.id for rule in PASSWORD_RULES}
    assert verdicts["lowercase"] and not verdicts["uppercase"] and not verdicts["not_common"]


@pytest.mark.parametrize("password", ["", "x" * (MAX_LENGTH + 1)])
def test_nothing_is_met_by_an_empty_or_too_long_password(password: str) -> None:
    assert not any(rule_verdicts(password).values())


@pytest.mark.parametrize(
    "password",
    [
        "Password1!",
        "Azerty123!",
        "P@ssw0rd!",
        "Kw7!pLx9zQ",
        "Dubois#2024xq",
        "Angele!2024Paris",
        "court",
        "Un!Mot2Passe-Sur",
        generate_password(),
    ],
)
def test_all_ticked_exactly_when_the_server_accepts(password: str) -> None:
    all_met = all(rule_verdicts(password, PERSONAL).values())
    assert all_met == (check_password(password, PERSONAL) == [])
