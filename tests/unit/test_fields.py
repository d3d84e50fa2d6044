"""The shared form fields, exercised through plain WTForms forms."""

from datetime import date
from decimal import Decimal

import pytest
from werkzeug.datastructures import MultiDict
from wtforms import Form, SelectField
from wtforms.fields.choices import SelectChoice

from forms.core.fields import DateInputField, NumberField, number_text, optional_id, text_field


class ExampleForm(Form):
    held_on = DateInputField("Date of meeting")
    score = NumberField("Score")
    places = NumberField("Decimal places", integer=True)
    title = text_field("Title", max_length=10)
    notes = text_field("Notes", max_length=50, required=False, multiline=True)


def submit(**data):
    form = ExampleForm(MultiDict({"title": "ok", **data}))
    form.validate()
    return form


def test_a_real_date_from_three_boxes():
    form = submit(**{"held_on-day": "30", "held_on-month": "9", "held_on-year": "2026"})
    assert form.held_on.data == date(2026, 9, 30)
    assert not form.held_on.errors


@pytest.mark.parametrize(
    "day, month, year, error",
    [
        ("31", "9", "2026", "Date of meeting must be a real date"),
        ("29", "2", "2026", "Date of meeting must be a real date"),
        ("1", "13", "2026", "Date of meeting must be a real date"),
        ("x", "1", "2026", "Date of meeting must be a real date"),
        ("1", "1", "26", "Date of meeting must be a real date"),
        ("1", "1", "2_026", "Date of meeting must be a real date"),  # Python's int() takes these; no one types them
        ("１", "1", "2026", "Date of meeting must be a real date"),
        ("1", "١", "2026", "Date of meeting must be a real date"),
        ("+1", "1", "2026", "Date of meeting must be a real date"),
        ("9" * 23, "2", "2027", "Date of meeting must be a real date"),  # past a C int: once a 500
        ("1", "9" * 30, "2027", "Date of meeting must be a real date"),
        ("", "9", "2026", "Date of meeting must include a day"),
        ("30", "", "", "Date of meeting must include a month and year"),
    ],
)
def test_a_wrong_date_says_what_is_wrong_and_keeps_what_was_typed(day, month, year, error):
    form = submit(**{"held_on-day": day, "held_on-month": month, "held_on-year": year})
    assert form.held_on.errors == [error]
    assert form.held_on.data is None
    assert form.held_on.parts == {"day": day, "month": month, "year": year}


def test_an_empty_date_is_none_and_an_iso_date_is_accepted():
    assert submit().held_on.data is None
    assert submit(held_on="2026-09-30").held_on.data == date(2026, 9, 30)
    assert submit(held_on="30/09/2026").held_on.errors == ["Date of meeting must be a real date"]


@pytest.mark.parametrize(
    "typed, value",
    [
        ("91.2", "91.2"),
        ("1,234.5", "1234.5"),
        ("£18,000", "18000"),
        ("91.2%", "91.2"),
        (" -3 ", "-3"),
        ("1e1", "10"),
        ("91.20", "91.2"),
        ("999,999,999,999.999999", "999999999999.999999"),
        ("", None),
    ],
)
def test_numbers_are_read_as_people_type_them_exactly(typed, value):
    """As a Decimal with every digit typed (README, "Exact numbers"), written without exponent or trailing zeros."""
    form = submit(score=typed)
    assert form.score.data == (None if value is None else Decimal(value))
    assert value is None or str(form.score.data) == value
    assert not form.score.errors


@pytest.mark.parametrize(
    "typed", ["ninety", "nan", "inf", "sNaN", "1.2.3", "1_000", "1_0.5", "\uff15\uff10", "\u0665\u0660", "\u0969"]
)
def test_a_wrong_number_is_refused_and_kept(typed):
    """Python reads 1_000 as 1000, and full-width ５０, Arabic-Indic ٥٠ or Devanagari ३: no one types those."""
    form = submit(score=typed)
    assert form.score.errors == ["Score must be a number"]
    assert form.score._value() == typed


def test_commas_are_only_between_thousands():
    assert submit(score="87,5").score.errors == ["Score must be a number, with commas only between thousands (1,234.5)"]


@pytest.mark.parametrize("typed", ["1e400", "1e999999999"])
def test_a_number_too_large_for_any_float_is_refused_for_its_size_and_kept(typed):
    form = submit(score=typed)
    assert form.score.errors == ["Score must be between -1,000,000,000,000 and 1,000,000,000,000"]
    assert form.score._value() == typed


@pytest.mark.parametrize(
    "saved, shown",
    [
        (Decimal("999999999999.999999"), "999999999999.999999"),
        (Decimal("1E+1"), "10"),
        (Decimal("91.200000"), "91.2"),
        (1234567.89, "1234567.89"),
        (16777217, "16777217"),
        (0.1, "0.1"),
    ],
)
def test_a_saved_number_is_shown_back_with_every_digit(saved, shown):
    assert number_text(saved) == shown


def test_whole_numbers():
    assert submit(places="2").places.data == 2
    assert submit(places=" +3 ").places.data == 3
    for typed in ["2.5", "two", "1_0", "\uff12", "\u0662", "2.1234567"]:
        assert submit(places=typed).places.errors == ["Decimal places must be a whole number"], typed


def test_a_whole_number_past_the_cap_is_refused_for_its_size_without_being_written_out():
    form = submit(places="1e999999999")
    assert form.places.errors == ["Decimal places must be between -1,000,000,000,000 and 1,000,000,000,000"]


def test_text_is_cleaned_limited_and_required():
    form = submit(title="  Bins\x0b ", notes="a\x0bb")
    assert form.title.data == "Bins"
    assert form.notes.data == "a\nb"
    assert submit(title="").title.errors == ["Enter title"]
    assert submit(title="x" * 11).title.errors == ["Title must be 10 characters or fewer"]


def test_a_number_is_shown_again_with_every_digit():
    form = ExampleForm(data={"score": 1234567.0, "places": 2})
    assert form.score._value() == "1234567"
    assert ExampleForm(data={"score": 91.25}).score._value() == "91.25"


class ChoiceForm(Form):
    body = SelectField(
        "Body",
        coerce=optional_id,
        invalid_value_message="Choose a body from the list",
        choices=[SelectChoice("", "Choose a body"), SelectChoice(3, "CMT")],
    )


@pytest.mark.parametrize(
    "typed, data, errors",
    [
        ("3", 3, []),
        ("", None, []),
        ("committee", None, ["Choose a body from the list"]),
    ],
)
def test_an_optional_id_is_a_row_id_or_none(typed, data, errors):
    form = ChoiceForm(MultiDict({"body": typed}))
    form.validate()
    assert (form.body.data, form.body.errors) == (data, errors)
