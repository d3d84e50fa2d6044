"""Score and target files made in the tests: XLSX built with openpyxl (with Excel's own ways of keeping
numbers and dates), CSV as Excel and other programs write it, and the requests that upload and confirm; and the
set-up the score and target import tests share (their fixtures, which each test module names as its own)."""

import io
import re
import zipfile
from datetime import date

import pytest
from openpyxl import Workbook
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

SCORE_HEADINGS = ["PI code", "PI name", "Period end", "Score", "Note"]
TARGET_HEADINGS = ["PI code", "PI name", "Financial year", "Target", "Stretch target", "Rationale"]


@pytest.fixture(autouse=True)
def uploads_folder(app, tmp_path):
    """An uploaded file waits in the test's own folder between its preview and its confirm."""
    app.config["UPLOADS_FOLDER"] = str(tmp_path / "uploads")


@pytest.fixture
def officer(login_as):
    """A performance officer, signed in: who imports scores and targets."""
    return login_as("performance")


@pytest.fixture
def waste(make_indicator):
    """A monthly percentage PI, higher is better, target 90 for 2026/27, with a score for September 2026."""
    return make_indicator(
        code="WR01",
        name="Waste collected on time",
        target=90,
        financial_year=2026,
        scores=[(date(2026, 9, 30), 85)],
    )


def xlsx(rows, formats=None, formulas=None):
    """An XLSX file of `rows`; `formats` {cell: number format}; `formulas` {cell: (formula, saved value)}
    written as Excel saves them, the formula with its last calculated value (openpyxl writes no value)."""
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    for cell, number_format in (formats or {}).items():
        sheet[cell].number_format = number_format
    for cell, (formula, _) in (formulas or {}).items():
        sheet[cell] = formula
    buffer = io.BytesIO()
    workbook.save(buffer)
    data = buffer.getvalue()
    saved = {cell: value for cell, (_, value) in (formulas or {}).items() if value is not None}
    return _with_saved_values(data, saved) if saved else data


def _with_saved_values(data, saved):
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = content.decode()
                for cell, value in saved.items():
                    text = re.sub(
                        rf'(<c r="{cell}"[^>]*>)<f>(.*?)</f><v\s*/?>(?:</v>)?',
                        lambda found, value=value: f"{found.group(1)}<f>{found.group(2)}</f><v>{value}</v>",
                        text,
                    )
                content = text.encode()
            target.writestr(item, content)
    return out.getvalue()


def csv_bytes(rows, delimiter=",", bom=True):
    lines = [delimiter.join(_quoted(cell, delimiter) for cell in row) for row in rows]
    return (("\ufeff" if bom else "") + "\r\n".join(lines) + "\r\n").encode("utf-8")


def _quoted(cell, delimiter):
    text = "" if cell is None else str(cell)
    return f'"{text}"' if delimiter in text or '"' in text else text


def upload(client, kind, data, name="scores.csv"):
    # Encoded here, in memory: the test client would spool a large body to a temporary file it never closes.
    boundary, body = encode_multipart({"document": FileStorage(io.BytesIO(data), name)})
    return client.post(
        f"/indicators/import/{kind}", data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )


def token_of(html):
    found = re.search(r'name="token" type="hidden" value="([^"]+)"', html) or re.search(
        r'id="token" name="token" type="hidden" value="([^"]+)"', html
    )
    return found.group(1) if found else None


def confirm(client, kind, html_or_token):
    token = token_of(html_or_token) or html_or_token
    return client.post(f"/indicators/import/{kind}/confirm", data={"token": token})


def with_worksheet(data, change):
    """The XLSX file with its worksheet's XML changed by `change`, compressed as Excel compresses it: a cell of
    millions of characters stays a small file."""
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = change(content.decode()).encode()
            target.writestr(item.filename, content, zipfile.ZIP_DEFLATED)
    return out.getvalue()
