"""Score and target files past what the imports read (docs/score-imports.md#the-files): a cell longer than any
spreadsheet cell, a workbook that unpacks to far more than it weighs, a heading twice, a row far down the sheet,
numbers past any range; each refused in the council's words, what was typed repeated only briefly, and the
corrected file then imported."""

import html
import io
import re
import zipfile
from datetime import date
from decimal import Decimal

import pytest

from webapp.domain.sheet_cells import ECHOED_CHARACTERS, MAX_CELL_CHARACTERS
from webapp.indicators.sheets import MOST_UNPACKED_BYTES, read_sheet
from webapp.models import Score

from . import import_files
from .import_files import SCORE_HEADINGS, confirm, csv_bytes, upload, with_worksheet, xlsx

uploads_folder, officer, waste = import_files.uploads_folder, import_files.officer, import_files.waste

GOOD_ROW = ["WR01", "", "31/10/2026", "80", ""]
# A page that repeats no cell in full: the preview of a one-row file is a few tens of kilobytes.
SMALL_PAGE = 100_000


def _text(response):
    return html.unescape(response.get_data(as_text=True))


def _imports_once_corrected(client, waste, data=None, name="scores.csv"):
    """What the officer does next: the corrected file is previewed, confirmed and saved."""
    response = upload(client, "scores", data or csv_bytes([SCORE_HEADINGS, GOOD_ROW]), name)
    assert response.status_code == 200, _text(response)
    assert confirm(client, "scores", _text(response)).status_code == 302
    assert Score.get(Score.indicator == waste, Score.period_end == date(2026, 10, 31)).value == Decimal(80)


def _with_inline_cell(text_of_cell, after=""):
    """A one-row score file whose Score cell (D2) is an inline string of `text_of_cell`, then `after` (XML)."""

    def change(sheet):
        cell = f'<c r="D2" t="inlineStr"><is><t>{text_of_cell}</t></is></c>{after}'
        return re.sub(r'<c r="D2"[^>]*>.*?</c>', cell, sheet, count=1)

    return with_worksheet(xlsx([SCORE_HEADINGS, ["WR01", "", "31/10/2026", "placeholder", ""]]), change)


def _with_shared_string(data, reference, text):
    """The XLSX file with cell `reference` holding `text` as Excel keeps most text: in the shared strings part."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename).decode()
            if item.filename == "xl/worksheets/sheet1.xml":
                content = re.sub(rf'<c r="{reference}"[^>]*>.*?</c>', f'<c r="{reference}" t="s"><v>0</v></c>', content)
            elif item.filename == "[Content_Types].xml":
                part = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
                content = content.replace(
                    "</Types>", f'<Override PartName="/xl/sharedStrings.xml" ContentType="{part}"/></Types>'
                )
            elif item.filename == "xl/_rels/workbook.xml.rels":
                shared = f'<Relationship Type="{relationships}/sharedStrings" Target="sharedStrings.xml" Id="rId9"/>'
                content = content.replace("</Relationships>", shared + "</Relationships>")
            target.writestr(item.filename, content)
        target.writestr(
            "xl/sharedStrings.xml", f'<sst xmlns="{main}" count="1" uniqueCount="1"><si><t>{text}</t></si></sst>'
        )
    return out.getvalue()


# ---------------------------------------------------------------------------------------------
# A cell longer than a spreadsheet cell can be


def test_an_xlsx_cell_of_a_million_characters_is_refused_by_its_row_and_column(client, officer, waste):
    data = _with_inline_cell("7" * 1_000_000)
    assert len(data) < 100_000  # a small file, as the tester's 102 KB one
    response = upload(client, "scores", data, "scores.xlsx")
    assert response.status_code == 422
    text = _text(response)
    assert f"Row 2, column D holds more than {MAX_CELL_CHARACTERS:,} characters" in text
    assert "77777" * 20 not in text and len(text) < SMALL_PAGE
    _imports_once_corrected(client, waste)


def test_the_reading_stops_at_the_long_cell(client, officer, waste):
    """What follows the long cell, here XML that is not XML, is never read: the long cell is what is refused."""
    data = _with_inline_cell("x" * (MAX_CELL_CHARACTERS + 1), after="<c><<not xml")
    response = upload(client, "scores", data, "scores.xlsx")
    assert response.status_code == 422
    assert "Row 2, column D holds more than 32,767 characters" in _text(response)


def test_a_cell_as_long_as_excel_allows_is_read(client, officer, waste):
    data = xlsx([SCORE_HEADINGS + ["My own notes"], GOOD_ROW + ["n" * MAX_CELL_CHARACTERS]])
    response = upload(client, "scores", data, "scores.xlsx")
    assert response.status_code == 200, _text(response)


def test_a_long_shared_string_is_refused_by_its_row_and_column(client, officer, waste):
    data = xlsx([SCORE_HEADINGS, GOOD_ROW, ["WR01", "", "30/09/2026", "81", "placeholder"]])
    short = _with_shared_string(data, "E3", "A shared note")
    assert [cell.value for cell in read_sheet(short, "s.xlsx").rows[2][1]][4] == "A shared note"
    data = _with_shared_string(data, "E3", "y" * (MAX_CELL_CHARACTERS + 1))
    response = upload(client, "scores", data, "scores.xlsx")
    assert response.status_code == 422
    text = _text(response)
    assert "Row 3, column E holds more than 32,767 characters" in text and len(text) < SMALL_PAGE
    _imports_once_corrected(client, waste, xlsx([SCORE_HEADINGS, GOOD_ROW]), "scores.xlsx")


def test_a_workbook_that_unpacks_past_the_limit_is_refused_unread(client, officer, waste):
    data = _with_inline_cell("8" * (MOST_UNPACKED_BYTES + 1))
    assert len(data) < 200_000
    response = upload(client, "scores", data, "scores.xlsx")
    assert response.status_code == 422
    text = _text(response)
    assert "The workbook holds more than 32 MB once unpacked, more than a file of 50,000 rows needs" in text
    assert len(text) < SMALL_PAGE
    _imports_once_corrected(client, waste, xlsx([SCORE_HEADINGS, GOOD_ROW]), "scores.xlsx")


@pytest.mark.parametrize("length", [MAX_CELL_CHARACTERS + 1, 1_500_000])
def test_a_csv_cell_past_the_limit_is_refused_in_the_councils_words(client, officer, waste, length):
    """1,500,000 characters is past Python's own csv limit, once shown as "field larger than field limit (131072)"."""
    data = csv_bytes([SCORE_HEADINGS, ["WR01", "", "31/10/2026", "80", "z" * length]])
    response = upload(client, "scores", data)
    assert response.status_code == 422
    text = _text(response)
    where = "Row 2, column E" if length < 131_072 else "Row 2"
    assert f"{where} holds more than 32,767 characters, more than a spreadsheet cell can hold" in text
    assert "field limit" not in text and len(text) < SMALL_PAGE
    _imports_once_corrected(client, waste)


def test_the_command_line_says_the_same_of_a_long_csv_cell(app, tmp_path, waste):
    path = tmp_path / "scores.csv"
    path.write_bytes(csv_bytes([SCORE_HEADINGS, ["WR01", "", "31/10/2026", "80", "z" * 200_000]]))
    result = app.test_cli_runner().invoke(args=["import-scores", str(path)])
    assert result.exit_code == 1
    assert "Row 2 holds more than 32,767 characters" in result.output and len(result.output) < 2_000


# ---------------------------------------------------------------------------------------------
# What was typed, repeated briefly


def test_a_long_unknown_code_is_repeated_briefly_in_the_errors_and_the_table(client, officer, waste):
    code = "Q" * 30_000
    response = upload(client, "scores", csv_bytes([SCORE_HEADINGS, [code, "", "31/10/2026", "80", ""]]))
    assert response.status_code == 422
    text = _text(response)
    shown = "Q" * ECHOED_CHARACTERS + "…"
    assert f"No PI has the code {shown}" in text
    assert f'Column A PI code ("{shown}")' in text
    assert "Q" * (ECHOED_CHARACTERS + 1) not in text and len(text) < SMALL_PAGE
    _imports_once_corrected(client, waste)


def test_a_long_note_is_repeated_briefly_beside_its_error(client, officer, waste):
    response = upload(client, "scores", csv_bytes([SCORE_HEADINGS, ["WR01", "", "31/10/2026", "80", "n" * 20_000]]))
    assert response.status_code == 422
    text = _text(response)
    assert "Row 2, column E Note: Note must be 1,000 characters or fewer" in text
    assert f'Column E Note ("{"n" * ECHOED_CHARACTERS}…")' in text and "n" * 101 not in text


# ---------------------------------------------------------------------------------------------
# Numbers past any range, in the form's words


def test_a_csv_score_of_1e309_is_refused_as_the_form_refuses_it(client, officer, waste):
    response = upload(client, "scores", csv_bytes([SCORE_HEADINGS, ["WR01", "", "31/10/2026", "1e309", ""]]))
    assert response.status_code == 422
    text = _text(response)
    assert "Row 2, column D Score: Score must be between -10,000 and 10,000" in text
    assert 'Column D Score ("1e309")' in text and "council records" not in text
    _imports_once_corrected(client, waste)


def test_an_xlsx_score_of_1e308_is_shown_as_excel_shows_it(client, officer, waste):
    response = upload(client, "scores", xlsx([SCORE_HEADINGS, ["WR01", "", "31/10/2026", 1e308, ""]]), "s.xlsx")
    assert response.status_code == 422
    text = _text(response)
    assert "Row 2, column D Score: Score must be between -10,000 and 10,000" in text
    assert 'Column D Score ("1E+308")' in text and "0" * 30 not in text
    _imports_once_corrected(client, waste, xlsx([SCORE_HEADINGS, GOOD_ROW]), "scores.xlsx")


# ---------------------------------------------------------------------------------------------
# Headings and rows


@pytest.mark.parametrize(
    "headings, message",
    [
        (
            ["PI code", "Period end", "Score", "Score"],
            'Columns C and D both name the Score column ("Score" and "Score")',
        ),
        (
            ["PI code", "Value", "Period end", "Score"],
            'Columns B and D both name the Score column ("Value" and "Score")',
        ),
    ],
)
def test_a_column_named_twice_is_refused_by_name(client, officer, waste, headings, message):
    response = upload(client, "scores", csv_bytes([headings, ["WR01", "80", "31/10/2026", "80"]]))
    assert response.status_code == 422
    assert f"{message}: keep one and upload the file again" in _text(response)
    assert Score.select().where(Score.indicator == waste).count() == 1
    _imports_once_corrected(client, waste)


def test_a_row_at_the_foot_of_the_sheet_is_read_as_one_of_two_rows(client, officer, waste):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(SCORE_HEADINGS)
    for column, value in enumerate(["WR01", "", "31/10/2026", 80], 1):
        sheet.cell(row=1_048_576, column=column, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = upload(client, "scores", buffer.getvalue(), "scores.xlsx")
    assert response.status_code == 200, _text(response)
    assert "1 row: 1 new" in _text(response)
    assert confirm(client, "scores", _text(response)).status_code == 302
    assert Score.get(Score.indicator == waste, Score.period_end == date(2026, 10, 31)).value == Decimal(80)


def test_a_worksheet_of_more_blank_rows_than_are_read_says_so(client, officer, waste):
    blank_rows = "".join(f'<row r="{n}"/>' for n in range(3, 150_003))
    data = with_worksheet(
        xlsx([SCORE_HEADINGS, GOOD_ROW]), lambda sheet: sheet.replace("</sheetData>", blank_rows + "</sheetData>")
    )
    response = upload(client, "scores", data, "scores.xlsx")
    assert response.status_code == 422
    text = _text(response)
    assert (
        "A file can have at most 50,000 rows: this worksheet has more than 150,000, counting rows that look blank"
        in text
    )
    _imports_once_corrected(client, waste, xlsx([SCORE_HEADINGS, GOOD_ROW]), "scores.xlsx")
