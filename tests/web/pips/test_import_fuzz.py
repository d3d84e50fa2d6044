"""Property-based: pip/v1 files with hostile values (huge, tiny and non-finite numbers, odd dates, control
characters, right-to-left overrides, long text) are either refused with a 422 and nothing created, or
imported, and then every page and export that shows the plan renders it: the plan page, the plan list,
History, Word, JSON (which imports again as it is) and the draft committee papers (issue 8, item 5)."""

import copy
import io
import json
from datetime import UTC, date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from tests.web import hostile_files
from tests.web.showing import every_view
from webapp.domain.pips import PipStatus
from webapp.exports.pip_json import json_text, plan_to_json
from webapp.exports.pip_json_reading import parse, validate
from webapp.models import Pip

# Literal JSON numbers, written into the file as they stand.
NUMBERS = [
    "1e28",
    "-1e28",
    "1e308",
    "-1e308",
    "1e-300",
    "5e-324",
    "NaN",
    "Infinity",
    "-Infinity",
    "1" + "0" * 400,
    "9" * 5000,
    "0",
    "-0",
    "10000",
    "-10000",
    "10000.0000001",
    "999999999999.99",
    "1e12",
    "0.000001",
    "12.345",
]
DATES = [
    "0001-01-01",
    "1899-12-31",
    "1900-01-01",
    "2100-12-31",
    "2101-01-01",
    "9999-12-31",
    "2026-02-30",
    "",
    "2026-13-01",
    "26-10-03",
    "2026-10-03T00:00:00",
]
TRICKY_TEXT = [
    "\x00",
    "\x07",
    "\u202e",
    "\u2066",
    "\x0b",
    "\ufeff",
    "\ud800",
    "“”\u00a0",
    "🗑️👍🏽",
    "نفايات",
    "\t",
    "\r\n",
    "<script>alert(1)</script>",
    "{{ 7*7 }}",
    "x" * 10_001,
    "E1",
    " ",
]
mixed_text = st.lists(st.one_of(st.sampled_from(TRICKY_TEXT), st.text(max_size=20)), max_size=6).map("".join)
# Mostly text with something printable in it, so that most files import and are then shown.
texts = st.one_of(
    st.sampled_from(TRICKY_TEXT),
    mixed_text,
    mixed_text.map(lambda text: f"Text {text}"),
    mixed_text.map(lambda text: f"{text} text"),
)
# Half the numbers and dates lie in range, so that about half the files import and are then shown.
in_range_numbers = st.integers(0, 6).flatmap(lambda places: st.decimals(-10_000, 10_000, places=places)).map(str)
numbers = st.one_of(
    st.sampled_from(NUMBERS),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    in_range_numbers,
    in_range_numbers,
)
in_range_dates = st.dates(date(1900, 1, 1), date(2100, 12, 31)).map(lambda day: day.isoformat())
dates = st.one_of(st.sampled_from(DATES), st.dates().map(lambda day: day.isoformat()), in_range_dates, in_range_dates)

TEXT_PLACES = [
    ("author",),
    ("service",),
    ("indicator", "name"),
    ("details", "comments"),
    ("factors", 0, "description"),
    ("solutions", 0, "description"),
    ("solutions", 0, "option_group"),
    ("solutions", 0, "funding_note"),
    ("management_comments", 0, "text"),
    ("management_comments", 1, "meeting", "reference"),
    ("progress", 0, "comment"),
]
NUMBER_PLACES = [
    ("details", "target", "value"),
    ("details", "score", "value"),
    ("details", "last_year_end_score", "value"),
    ("solutions", 0, "funding_amount"),
    ("progress", 0, "score"),
]
DATE_PLACES = [
    ("date",),
    ("details", "score", "as_at"),
    ("solutions", 0, "target_date"),
    ("management_comments", 0, "date"),
    ("management_comments", 1, "meeting", "date"),
    ("progress", 0, "date"),
]

changes = st.lists(
    st.one_of(
        st.tuples(st.just("text"), st.sampled_from(TEXT_PLACES), texts),
        st.tuples(st.just("number"), st.sampled_from(NUMBER_PLACES), numbers),
        st.tuples(st.just("date"), st.sampled_from(DATE_PLACES), dates),
    ),
    min_size=1,
    max_size=4,
)


def _file(document, edits, status):
    """The file's bytes: `document` with each edit made, numbers written in as literals."""
    document = copy.deepcopy(document)
    document["status"] = status
    literals = {}
    for n, (kind, place, value) in enumerate(edits):
        target = document
        for key in place[:-1]:
            target = target[key]
        if kind == "number":
            literals[f"@number{n}@"] = value
            value = f"@number{n}@"
        target[place[-1]] = value
    text = json.dumps(document, ensure_ascii=False)
    for marker, literal in literals.items():
        text = text.replace(f'"{marker}"', literal)
    return text.encode("utf-8", "surrogatepass")


@pytest.fixture
def exported(client, login_as, make_pip):
    login_as("performance", "clerk")  # a clerk too, to draw the papers
    return hostile_files.exported_plan(client, make_pip)


def test_a_hostile_file_is_refused_or_imported_and_then_shown_everywhere(client, exported, db):
    outcomes = []

    @settings(
        max_examples=30,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(changes, st.sampled_from([status.value for status in PipStatus]))
    def upload(edits, status):
        plans = Pip.select().count()
        boundary, body = encode_multipart(
            {"document": FileStorage(io.BytesIO(_file(exported, edits, status)), "plan.json")}
        )
        response = client.post("/pips/import", data=body, content_type=f"multipart/form-data; boundary={boundary}")
        assert response.status_code in (302, 422), response.status_code
        if response.status_code == 422:
            assert Pip.select().count() == plans
            outcomes.append("refused")
            return
        outcomes.append("imported")
        pip = Pip.get_by_id(int(response.headers["Location"].rsplit("/", 1)[1]))
        shown = every_view(client, pip)
        for view in ("plan", "list", "word", "papers"):
            assert pip.pi_code in shown[view], view
        # What was stored is clean: its file imports again, unchanged by the importer's cleaning.
        data, errors = validate(parse(json_text(shown["json"]).encode())[0])
        assert errors == []
        assert plan_to_json(data, datetime.now(UTC)) | {"exported_at": None} == shown["json"] | {"exported_at": None}
        Pip.update(status=PipStatus.COMPLETED).where(Pip.id == pip.id).execute()  # the PI is free again

    upload()
    assert set(outcomes) == {"imported", "refused"}  # both paths were taken
