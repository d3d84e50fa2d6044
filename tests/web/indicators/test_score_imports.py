"""Importing scores from a spreadsheet (docs/score-imports.md): the template, the preview of every row with
its errors by row and column, a confirm that applies the whole file or nothing, on either database."""

import html
import io
import re
from datetime import date, datetime
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from tests.conftest import PASSWORD
from tests.web.test_bad_values import PYTHON_ONLY_NUMBERS
from webapp.domain.periods import Frequency, add_months, latest_period_end
from webapp.domain.rating import Polarity, Rag
from webapp.domain.units import Unit
from webapp.models import Score, Standing

from . import import_files
from .import_files import SCORE_HEADINGS, confirm, csv_bytes, token_of, upload, xlsx

# The set-up shared with the other import tests: uploads kept in the test's own folder, the officer, the WR01 PI.
uploads_folder, officer, waste = import_files.uploads_folder, import_files.officer, import_files.waste


@pytest.fixture
def visits(make_indicator):
    """A quarterly count, lower is better."""
    return make_indicator(
        code="HS02",
        name="Households in temporary accommodation",
        unit=Unit.NUMBER,
        polarity=Polarity.LOWER_IS_BETTER,
        frequency=Frequency.QUARTERLY,
        decimal_places=0,
        target=1200,
        financial_year=2026,
    )


def _text(response):
    return html.unescape(response.get_data(as_text=True))


def _scores(indicator):
    return {score.period_end: (score.value, score.note) for score in Score.select().where(Score.indicator == indicator)}


# ---------------------------------------------------------------------------------------------
# The template


@pytest.mark.parametrize("extension", ["xlsx", "csv"])
def test_the_template_lists_every_active_pi(client, officer, waste, make_indicator, extension):
    make_indicator(code="OLD1", name="Retired measure", active=False)
    response = client.get(f"/indicators/import/scores/template.{extension}")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    if extension == "xlsx":
        rows = list(load_workbook(io.BytesIO(response.data)).active.values)
    else:
        text = response.data.decode("utf-8-sig")
        rows = [tuple(line.split(",")) for line in text.splitlines()]
    assert list(rows[0]) == SCORE_HEADINGS
    assert [row[:2] for row in rows[1:]] == [("WR01", "Waste collected on time")]


@pytest.mark.parametrize("role", ["hos", "cmt", "clerk", "member", "admin"])
def test_only_performance_officers_import(client, login_as, role):
    login_as(role)
    for url in ("/indicators/import/scores", "/indicators/import/scores/template.csv"):
        assert client.get(url).status_code == 403
    assert upload(client, "scores", csv_bytes([SCORE_HEADINGS])).status_code == 403
    assert confirm(client, "scores", "x").status_code == 403


def test_an_upload_without_the_csrf_token_is_refused(client, officer, waste):
    response = client.post(
        "/indicators/import/scores",
        data={"document": (io.BytesIO(b"PI code,Period end,Score\r\n"), "s.csv")},
        content_type="multipart/form-data",
        csrf=False,
    )
    assert response.status_code == 400


# ---------------------------------------------------------------------------------------------
# Errors by row and column


def test_every_error_is_shown_by_row_and_column_with_what_was_typed(client, officer, waste, visits):
    future = add_months(latest_period_end(Frequency.MONTHLY, date.today()), 2)
    rows = [
        SCORE_HEADINGS,
        ["ZZ99", "", "31/10/2026", "80", ""],  # 2 unknown code
        ["WR01", "", "15/10/2026", "80", ""],  # 3 not a month end
        ["HS02", "", "31/10/2026", "1000", ""],  # 4 not a quarter end
        ["WR01", "", future.strftime("%d/%m/%Y"), "80", ""],  # 5 future
        ["WR01", "", "31/08/2026", "eighty", ""],  # 6 not a number
        ["WR01", "", "31/07/2026", "80", ""],  # 7
        ["wr01", "", "2026-07-31", "81", ""],  # 8 the same PI and period again
        ["WR01", "", "30/06/2026", "10001", ""],  # 9 beyond the percent range
        ["WR01", "", "31/03/1899", "80", ""],  # 10 before 1900
        ["WR01", "", "", "", "No score yet"],  # 11 blanks (a row of only the template's PI is skipped)
        ["", "", "31/05/2026", "80", ""],  # 12 no code
        ["WR01", "", "30/04/2026", "87,5", ""],  # 13 a decimal comma
        ["WR01", "", "31/01/2026", "80", "x" * 1001],  # 14 note too long
        ["WR01", "", "31/12/2025", "80.1234567", ""],  # 15 too many places
    ]
    before = _scores(waste)
    response = upload(client, "scores", csv_bytes(rows))
    assert response.status_code == 422
    text = _text(response)
    expected = [
        (2, "A PI code", "ZZ99", "No PI has the code ZZ99"),
        (3, "C Period end", "15 October 2026", "Period end must be the last day of a month"),
        (4, "C Period end", "31 October 2026", "Period end must be the end of a quarter"),
        (5, "C Period end", "", "Period end must not be in the future"),
        (6, "D Score", "eighty", "Score must be a number"),
        (8, "C Period end", "31 July 2026", "Row 7 already has WR01 for 31 July 2026"),
        (9, "D Score", "10001", "Score must be between -10,000 and 10,000"),
        (10, "C Period end", "31/03/1899", "Period end must be between 1900 and 2100"),
        (11, "C Period end", "", "Enter the period end"),
        (11, "D Score", "", "Enter the score"),
        (12, "A PI code", "", "Enter the PI code"),
        (13, "D Score", "87,5", "Score must be a number, with commas only between thousands (1,234.5)"),
        (14, "E Note", "", "Note must be 1,000 characters or fewer"),
        (15, "D Score", "80.1234567", "Score must have 6 decimal places or fewer"),
    ]
    for row, column, typed, message in expected:
        assert f"Row {row}, column {column}: {message}" in text, (row, message)
        if typed:
            assert f'Column {column} ("{typed}")' in text, (row, typed)
    assert "Nothing has been saved" in text
    assert token_of(text) is None  # nothing to confirm
    assert _scores(waste) == before


@pytest.mark.parametrize("typed", PYTHON_ONLY_NUMBERS)
@pytest.mark.parametrize("name, make_file", [("scores.csv", csv_bytes), ("scores.xlsx", xlsx)])
def test_a_score_only_python_reads_is_not_a_number_and_is_shown_as_typed(
    client, officer, waste, typed, name, make_file
):
    before = _scores(waste)
    response = upload(client, "scores", make_file([SCORE_HEADINGS, ["WR01", "", "31/08/2026", typed, ""]]), name)
    assert response.status_code == 422
    text = _text(response)
    assert "Row 2, column D Score: Score must be a number" in text
    assert f'Column D Score ("{typed}")' in text
    assert token_of(text) is None
    assert _scores(waste) == before


def test_a_file_without_the_columns_is_refused_whole(client, officer, waste):
    response = upload(client, "scores", csv_bytes([["Code", "When"], ["WR01", "31/10/2026"]]))
    assert response.status_code == 422
    assert "no Period end, Score column was found" in _text(response)


@pytest.mark.parametrize(
    "data, name, message",
    [
        (b"", "empty.csv", "The file has no rows"),
        (b"\xff\xfe\x00P\x00I", "utf16.csv", "Save the file as CSV UTF-8"),
        (b"PK\x03\x04not really a zip", "broken.xlsx", "not a readable Excel workbook"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1old", "old.xls", "Save the file as an Excel workbook"),
    ],
)
def test_a_file_that_is_not_a_spreadsheet_is_refused(client, officer, data, name, message):
    response = upload(client, "scores", data, name)
    assert response.status_code == 422
    assert message in _text(response)


def test_a_file_over_the_size_limit_is_refused(client, officer, app, waste):
    app.config["MAX_CONTENT_LENGTH"] = 4 * 1024 * 1024  # past the server's own limit it is a 413 (tested for plans)
    data = csv_bytes([SCORE_HEADINGS] + [["WR01", "", "31/10/2026", "80", "x" * 500]] * 4200)
    assert len(data) > 2 * 1024 * 1024
    response = upload(client, "scores", data)
    assert response.status_code == 422
    assert "The file must be 2 MB or smaller" in _text(response)


def test_no_file_chosen(client, officer):
    response = client.post("/indicators/import/scores", data={}, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "Choose a spreadsheet" in _text(response)


# ---------------------------------------------------------------------------------------------
# A good file, applied whole


def test_an_xlsx_file_as_excel_keeps_it_is_previewed_then_applied_whole(client, officer, waste, visits, db):
    rows = [
        SCORE_HEADINGS,
        ["wr01", "Waste", datetime(2026, 10, 31), 0.875, "Crews back to strength"],  # a date, a % cell
        ["WR01", "Waste", 46265, "92.5%", None],  # a serial date (31 August 2026), text with a %
        ["WR01", "Waste", "30/09/2026", None, "Recounted"],  # a formula with its saved value: a correction
        ["HS02", "Households", "30 September 2026", "1,150", ""],  # thousands separator, lower is better
        [None, None, None, None, None],
        [None, None, None, None, None],
    ]
    data = xlsx(rows, formats={"A2": "@", "D2": "0.0%", "C2": "dd/mm/yyyy"}, formulas={"D4": ("=80+8", 88)})
    response = upload(client, "scores", data, "October.xlsx")
    assert response.status_code == 200, _text(response)
    text = _text(response)
    assert "4 rows: 3 new, 1 correction of what is saved, 0 unchanged" in text
    assert "87.5%" in text and "92.5%" in text and "88.0%" in text and "1,150" in text
    assert "was 85.0%" in text  # the correction flagged with the saved score
    assert "Amber" in text and "Green" in text  # 87.5 against 90, within 10%; 92.5
    assert Decimal(88) != _scores(waste)[date(2026, 9, 30)][0]  # nothing yet

    response = confirm(client, "scores", text)
    assert response.status_code == 302
    scores = _scores(waste)
    assert scores[date(2026, 10, 31)] == (Decimal("87.5"), "Crews back to strength")
    assert scores[date(2026, 8, 31)] == (Decimal("92.5"), "")
    assert scores[date(2026, 9, 30)] == (Decimal(88), "Recounted")
    assert _scores(visits) == {date(2026, 9, 30): (Decimal(1150), "")}
    recorded = Score.get(Score.indicator == waste, Score.period_end == date(2026, 10, 31))
    assert recorded.recorded_by_id == officer.id
    standing = Standing.get(Standing.indicator == waste)
    assert standing.rag is Rag.AMBER and standing.latest_period_end == date(2026, 10, 31)
    assert Standing.get(Standing.indicator == visits).rag is Rag.GREEN
    assert "Imported scores: 3 new scores, 1 correction" in _text(client.get("/indicators/"))


def test_a_formula_never_calculated_is_an_error_not_a_blank(client, officer, waste):
    data = xlsx([SCORE_HEADINGS, ["WR01", "", "31/10/2026", None, ""]], formulas={"D2": ("=80+8", None)})
    response = upload(client, "scores", data, "scores.xlsx")
    assert response.status_code == 422
    assert "Row 2, column D Score: Score is a formula with no saved value" in _text(response)


def test_a_csv_with_a_byte_order_mark_and_semicolons(client, officer, waste):
    data = csv_bytes(
        [["PI code", "Period end", "Score", "Note"], ["WR01", "31/10/2026", "1,000.5", "Semicolons; and quotes"]],
        delimiter=";",
    )
    assert data.startswith("\ufeff".encode())
    text = _text(upload(client, "scores", data))
    assert "1,000.5%" in text
    assert confirm(client, "scores", text).status_code == 302
    assert _scores(waste)[date(2026, 10, 31)] == (Decimal("1000.5"), "Semicolons; and quotes")


def test_a_csv_without_a_byte_order_mark_cleans_its_text_as_the_forms_do(client, officer, waste):
    note = "Line one\x0bline two\x07 \u202eend "
    data = csv_bytes([SCORE_HEADINGS, ["WR01", "", "2026-10-31", " 80 ", note]], bom=False)
    text = _text(upload(client, "scores", data))
    assert confirm(client, "scores", text).status_code == 302
    assert _scores(waste)[date(2026, 10, 31)] == (Decimal(80), "Line one\nline two end")


def test_one_bad_row_writes_nothing(client, officer, waste):
    before = _scores(waste)
    rows = [SCORE_HEADINGS] + [["WR01", "", f"{d}", "80", ""] for d in ("31/07/2026", "31/08/2026")]
    rows.append(["WR01", "", "30/10/2026", "80", ""])
    response = upload(client, "scores", csv_bytes(rows))
    assert response.status_code == 422
    assert token_of(_text(response)) is None
    assert _scores(waste) == before


def test_the_same_score_again_is_no_change(client, officer, waste):
    text = _text(upload(client, "scores", csv_bytes([SCORE_HEADINGS, ["WR01", "", "30/09/2026", "85.0", ""]])))
    assert "0 new, 0 corrections of what is saved, 1 unchanged" in text
    assert "No change" in text


# ---------------------------------------------------------------------------------------------
# The confirm trusts nothing the browser sends


def test_a_confirm_is_refused_when_the_register_changed_since_the_preview(client, officer, waste):
    text = _text(upload(client, "scores", csv_bytes([SCORE_HEADINGS, ["WR01", "", "31/10/2026", "80", ""]])))
    Score.create(indicator=waste, period_end=date(2026, 10, 31), value=70)  # someone else, meanwhile
    response = confirm(client, "scores", text)
    assert response.status_code == 409
    again = _text(response)
    assert "The register changed since the preview" in again
    assert "was 70.0%" in again
    assert _scores(waste)[date(2026, 10, 31)] == (Decimal(70), "")
    assert confirm(client, "scores", again).status_code == 302  # confirmed, having seen it
    assert _scores(waste)[date(2026, 10, 31)] == (Decimal(80), "")


def test_a_confirm_with_a_forged_or_used_token_is_refused(client, officer, waste):
    text = _text(upload(client, "scores", csv_bytes([SCORE_HEADINGS, ["WR01", "", "31/10/2026", "80", ""]])))
    token = token_of(text)
    assert confirm(client, "scores", token[:-2] + "xx").status_code == 409
    assert confirm(client, "targets", token).status_code == 409  # signed for scores
    assert confirm(client, "scores", token).status_code == 302
    assert confirm(client, "scores", token).status_code == 409  # applied once; the file is gone


def test_another_officers_token_is_refused(client, app, officer, waste, make_user):
    text = _text(upload(client, "scores", csv_bytes([SCORE_HEADINGS, ["WR01", "", "31/10/2026", "80", ""]])))
    other = app.test_client()
    other.post("/sign-in", data={"email": make_user("performance").email, "password": PASSWORD})
    other.refresh_csrf("/")
    response = confirm(other, "scores", text)
    assert response.status_code == 409
    assert "upload the file again" in _text(response)
    assert date(2026, 10, 31) not in _scores(waste)


# ---------------------------------------------------------------------------------------------
# A freshly initialised database


def test_an_import_into_a_freshly_initialised_database(client, officer):
    response = upload(client, "scores", csv_bytes([SCORE_HEADINGS, ["WR01", "", "31/10/2026", "80", ""]]))
    assert response.status_code == 422
    assert "No PI has the code WR01" in _text(response)
    template = client.get("/indicators/import/scores/template.csv").data.decode("utf-8-sig")
    assert template.strip() == ",".join(SCORE_HEADINGS)


def test_the_register_links_to_the_imports_for_performance_officers_only(client, login_as, waste):
    login_as("performance")
    text = _text(client.get("/indicators/"))
    assert 'href="/indicators/import/scores"' in text and 'href="/indicators/import/targets"' in text
    assert "Import scores from a spreadsheet" in _text(client.get("/indicators/import/scores"))
    assert "Import targets from a spreadsheet" in _text(client.get("/indicators/import/targets"))
    assert client.get("/indicators/import/other").status_code == 404
    assert client.get("/indicators/import/scores/template.pdf").status_code == 404


def test_the_register_has_no_import_links_for_other_roles(client, login_as, waste):
    login_as("cmt")
    assert "/indicators/import/" not in _text(client.get("/indicators/"))


# ---------------------------------------------------------------- the worksheet as the reader streams it


def _rewritten(data, change):
    """The XLSX file with its worksheet's XML changed by `change`, as other programs than Excel write it."""
    import zipfile

    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = change(content.decode()).encode()
            target.writestr(item, content)
    return out.getvalue()


def _values(data):
    from webapp.indicators.sheets import read_sheet

    return [(number, [cell.value for cell in cells]) for number, cells in read_sheet(data, "s.xlsx").rows]


def test_cells_are_read_where_they_stand_with_gaps_blank_rows_and_columns_past_the_last_read():
    from openpyxl import Workbook
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont

    workbook = Workbook()
    sheet = workbook.active
    sheet["A1"], sheet["C1"], sheet["AH1"] = "PI code", "Score", "past the 30 columns read"
    sheet["A2"], sheet["B2"], sheet["C2"] = "WR01", CellRichText([TextBlock(InlineFont(b=True), "Bold"), " plain"]), 5
    sheet["A40"], sheet["C40"] = "WR02", 2.5
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert _values(buffer.getvalue()) == [
        (1, ["PI code", None, "Score"]),
        (2, ["WR01", "Bold plain", 5]),
        (40, ["WR02", None, 2.5]),
    ]


def test_inline_strings_cells_without_references_and_prefixed_names_are_read():
    data = xlsx([["PI code", "Score"], ["WR01", 87.5], ["WR02", True]])
    inline = _rewritten(
        data,
        lambda text: re.sub(r' r="[A-Z]+[0-9]+"', "", text).replace(
            '<c t="s"><v>0</v></c>', '<c t="inlineStr"><is><r><t>PI </t></r><r><t>code</t></r></is></c>', 1
        ),
    )
    assert _values(inline) == [(1, ["PI code", "Score"]), (2, ["WR01", 87.5]), (3, ["WR02", True])]
    prefixed = _rewritten(
        data,
        lambda text: re.sub(r"<(/?)(worksheet|sheetData|row|c|v)\b", r"<\1x:\2", text).replace(
            "<x:worksheet xmlns=", "<x:worksheet xmlns:x="
        ),
    )
    assert _values(prefixed) == _values(data)


def test_a_1904_workbook_and_a_date_formatted_serial_read_as_dates():
    from openpyxl import Workbook
    from openpyxl.utils.datetime import MAC_EPOCH

    workbook = Workbook()
    workbook.epoch = MAC_EPOCH
    workbook.active.append(["PI code", "Period end"])
    workbook.active.append(["WR01", date(2026, 3, 31)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert _values(buffer.getvalue())[1] == (2, ["WR01", datetime(2026, 3, 31)])


def test_a_cell_that_is_not_what_its_type_says_is_an_unreadable_file(client, officer, waste):
    data = _rewritten(
        xlsx([SCORE_HEADINGS, ["WR01", "", date(2026, 10, 31), 91, ""]]),
        lambda text: text.replace("<v>91</v>", "<v>ninety</v>"),
    )
    response = upload(client, "scores", data, "scores.xlsx")
    assert response.status_code == 422
    assert "The file is not a readable Excel workbook" in html.unescape(response.get_data(as_text=True))
