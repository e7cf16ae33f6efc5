"""Names, e-mail, phone and sex: what is accepted, how it is stored, and each refusal."""

import pytest

from monparis_app.core.errors import InvalidInput
from monparis_app.core.identity_fields import (
    NAME_MAX_LENGTH,
    normalize_email,
    normalize_name,
    normalize_phone,
    normalize_sex,
)


def error_code(call, *args) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidInput) as raised:
        call(*args)
    return raised.value.errors[0].code


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Éloïse", "Éloïse"),
        ("  Jean-Pierre   Marie ", "Jean-Pierre Marie"),
        ("D'Artagnan", "D'Artagnan"),
        ("N’Diaye", "N’Diaye"),
        ("Trois-Dupré", "Trois-Dupré"),
        ("Zoë d' Aubigné", "Zoë d' Aubigné"),
    ],
)
def test_names_keep_accents_spaces_hyphens_apostrophes(typed: str, stored: str) -> None:
    assert normalize_name(typed, "first_name") == stored


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("", "first_name.required"),
        ("   ", "first_name.required"),
        ("Jean2", "first_name.invalid"),
        ("Jean--Pierre", "first_name.invalid"),
        ("-Jean", "first_name.invalid"),
        ("Jean\x00", "first_name.invalid"),
        ("Jean\u200b", "first_name.invalid"),
        ("<script>", "first_name.invalid"),
    ],
)
def test_absurd_names_are_refused(typed: str, code: str) -> None:
    assert error_code(normalize_name, typed, "first_name") == code


def test_name_length_edge() -> None:
    assert normalize_name("a" * NAME_MAX_LENGTH, "last_name")
    assert (
        error_code(normalize_name, "a" * (NAME_MAX_LENGTH + 1), "last_name") == "last_name.too_long"
    )


def test_email_is_checked_and_stored_lower_case() -> None:
    assert normalize_email("  Jean.Dupont@Exemple.FR ") == "jean.dupont@exemple.fr"
    assert error_code(normalize_email, "jean.dupont") == "email.invalid"
    assert error_code(normalize_email, "jean@@exemple.fr") == "email.invalid"
    assert error_code(normalize_email, "") == "email.required"


def test_email_length_edge() -> None:
    local = "a" * 64
    domain = ".".join(["b" * 60] * 3) + ".fr"  # 187 characters
    address = f"{local}@{domain}"
    assert len(address) <= 254
    assert normalize_email(address)
    assert error_code(normalize_email, "a" * 250 + "@x.fr") == "email.too_long"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("06 12 34 56 78", "+33612345678"),
        ("01.42.76.40.40", "+33142764040"),
        ("+33 6 12 34 56 78", "+33612345678"),
        ("+44 20 7946 0958", "+442079460958"),
        ("", None),
        (None, None),
    ],
)
def test_phone_is_stored_e164(typed: str | None, stored: str | None) -> None:
    assert normalize_phone(typed) == stored


@pytest.mark.parametrize("typed", ["12", "06 12 34", "abcdefghij", "0" * 31])
def test_invalid_phone_is_refused(typed: str) -> None:
    assert error_code(normalize_phone, typed) == "phone.invalid"


def test_sex() -> None:
    assert normalize_sex("female") == "FEMALE"
    assert error_code(normalize_sex, "") == "sex.required"
    assert error_code(normalize_sex, "OTHER") == "sex.invalid"


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("+33612345678", "06 12 34 56 78"),
        ("+442079460958", "+44 20 7946 0958"),
        (None, ""),
        ("x", "x"),
    ],
)
def test_phone_is_shown_as_people_write_it(stored: str | None, shown: str) -> None:
    from monparis_app.core.identity_fields import phone_for_display

    assert phone_for_display(stored) == shown
