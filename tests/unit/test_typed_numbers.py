"""A number as a person in the UK types it (webapp/domain/typed_numbers.py), read the same by every number field
and every score or target import."""

from decimal import Decimal

import pytest

from webapp.domain.typed_numbers import MISPLACED_COMMAS, NOT_A_NUMBER, TOO_MANY_PLACES, UnreadableNumber, typed_number


@pytest.mark.parametrize(
    "typed, number",
    [
        ("91.2", "91.2"),
        (" -3 ", "-3"),
        ("+3", "3"),
        (".5", "0.5"),
        ("5.", "5"),
        ("1,234.5", "1234.5"),
        ("999,999,999,999.999999", "999999999999.999999"),
        ("£18,000", "18000"),
        ("-£250.50", "-250.5"),
        ("91.2%", "91.2"),
        ("91.2 %", "91.2"),
        ("1 234", "1234"),
        ("1\u00a0234", "1234"),  # a non-breaking space, as Excel writes thousands in some locales
        ("1e1", "10"),
        ("1.5E+3", "1500"),
        ("-0", "0"),
        ("91.20", "91.2"),
    ],
)
def test_numbers_as_people_type_them(typed, number):
    assert str(typed_number(typed)) == number


@pytest.mark.parametrize("typed", ["", "  ", "£", "%"])
def test_nothing_typed_is_no_number(typed):
    assert typed_number(typed) is None


@pytest.mark.parametrize(
    "typed, problem",
    [
        ("1_000", NOT_A_NUMBER),
        ("1_000.5", NOT_A_NUMBER),
        ("\uff15\uff10", NOT_A_NUMBER),  # full-width 50
        ("\u0665\u0660", NOT_A_NUMBER),  # Arabic-Indic 50
        ("\u06f5\u06f0", NOT_A_NUMBER),  # Persian 50
        ("\u0969", NOT_A_NUMBER),  # Devanagari 3
        ("1e\uff13", NOT_A_NUMBER),  # an exponent in full-width digits
        ("\uff11,\uff10\uff10\uff10", MISPLACED_COMMAS),
        ("ninety", NOT_A_NUMBER),
        ("NaN", NOT_A_NUMBER),
        ("Infinity", NOT_A_NUMBER),
        ("1.2.3", NOT_A_NUMBER),
        ("91.2%%", NOT_A_NUMBER),
        ("0x10", NOT_A_NUMBER),
        ("1e9999999999999999999", NOT_A_NUMBER),
        ("87,5", MISPLACED_COMMAS),
        ("1,23,456", MISPLACED_COMMAS),
        ("0.1234567", TOO_MANY_PLACES),
        ("1e-300", TOO_MANY_PLACES),
    ],
)
def test_what_is_not_a_number(typed, problem):
    with pytest.raises(UnreadableNumber) as refused:
        typed_number(typed)
    assert str(refused.value) == problem


def test_size_is_left_to_each_fields_range():
    assert typed_number("1e999") == Decimal("1e999")
