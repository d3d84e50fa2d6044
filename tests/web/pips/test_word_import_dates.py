"""A day that does not exist, typed into a plan's own Word export (docs/word-import.md#dates): "31 February 2026"
is refused as "31/02/2026" is, in every cell that holds a date, never read as the month's last day."""

import io
from datetime import date
from html import unescape

import pytest
from docx import Document

from tests.web.pips import word_plans
from tests.web.pips.test_word_import_round_trip import exported
from webapp.domain.pips import PipStatus
from webapp.models import Pip, ProgressUpdate
from webapp.pips.from_word import Choices, check_word_plan

# The form the import already refused, and days that do not exist written as the export writes dates.
REFUSED = "31/02/2026"
IMPOSSIBLE = ["31 February 2026", "30 February 2026", "31 April 2026", "32 June 2026", "Tuesday 31 Feb 2026"]
# (table, row, column) of each cell of the export that holds a date.
CELLS = {
    "the plan's Date": (0, 1, 1),
    "Section 1's Score As at Date": (1, 4, 3),
    "a solution's Target Date": (4, 1, 1),
    "a progress entry's date": (6, 1, 0),
}


@pytest.fixture
def word(make_pip):
    """A plan's own Word export, its plan withdrawn so that the PI may have another."""
    pip = make_pip(factors=[("external", "Snow")], solutions=[("Grit the rural rounds", ["E1"])])
    ProgressUpdate.create(pip=pip, made_on=date(2026, 10, 23), comment="Gritters out.", score=92)
    Pip.update(status=PipStatus.WITHDRAWN).where(Pip.id == pip.id).execute()
    return exported(pip.id)


def with_cell(word, place, text):
    """The document with one cell's text replaced, as an officer types over it in Word."""
    document = Document(io.BytesIO(word))
    table, row, column = place
    document.tables[table].cell(row, column).text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _said(check, written):
    """Everything the import says of the document, with the date as written put back to REFUSED's."""
    return [line.replace(written, REFUSED) for line in check.errors + check.assumed + check.unread]


@pytest.mark.parametrize("cell", CELLS, ids=list(CELLS))
def test_a_day_that_does_not_exist_is_refused_as_31_02_is(db, word, cell):
    refused = check_word_plan(with_cell(word, CELLS[cell], REFUSED), Choices())
    assert any(REFUSED in line for line in _said(refused, REFUSED))  # the import says what it did not read
    for written in IMPOSSIBLE:
        check = check_word_plan(with_cell(word, CELLS[cell], written), Choices())
        assert _said(check, written) == _said(refused, REFUSED), written
        assert str(check.document).replace(written, REFUSED) == str(refused.document), written  # no day read


def test_a_progress_date_that_does_not_exist_is_an_error_until_corrected(client, login_as, word):
    login_as("performance")
    place = CELLS["a progress entry's date"]
    before = (Pip.select().count(), ProgressUpdate.select().count())
    preview = word_plans.upload(client, with_cell(word, place, "31 February 2026"))
    shown = unescape(preview.get_data(as_text=True))
    assert preview.status_code == 422
    assert '"31 February 2026" is not a date the import reads: write it as 31/10/2026' in shown
    assert "28 February 2026" not in shown and "Create the Draft plan" not in shown
    assert (Pip.select().count(), ProgressUpdate.select().count()) == before
    corrected = word_plans.upload(client, with_cell(word, place, "28 October 2026"))
    assert corrected.status_code == 200, corrected.get_data(as_text=True)
    created = word_plans.confirm(client, corrected.get_data(as_text=True))
    assert created.status_code == 302, created.get_data(as_text=True)
    pip = Pip.get(Pip.status == PipStatus.DRAFT)
    assert [p.made_on for p in ProgressUpdate.select().where(ProgressUpdate.pip == pip)] == [date(2026, 10, 28)]
