"""Every Word document opens clean (docs/meetings-and-papers.md#every-document): no Compatibility Mode, no
styles-with-effects part or stale thumbnail, true core and application properties, and 0 errors from an Open
XML validator (openxml-audit, the Open XML SDK's checks) for Word 2016 and Microsoft 365, on each kind of
document the builders make."""

import io
import zipfile
from datetime import UTC, datetime, timedelta

import pytest
from docx import Document
from lxml import etree
from openxml_audit import FileFormat, OpenXmlValidator

from webapp.exports.papers_docx import papers_document
from webapp.exports.pip_docx import pip_document
from webapp.exports.word_package import APPLICATION

from .samples import completed_pip, empty_draft, full_pip, hostile_pip, papers

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
FORMATS = (FileFormat.OFFICE_2016, FileFormat.MICROSOFT_365)
EXPORTER = "Priya Patel"


def withdrawn_pip():
    printed = full_pip("CS04", "Complaints answered within 10 working days")
    printed["plan"]["status"] = "withdrawn"
    return printed


def thirty_plans():
    return [full_pip(f"PI{number:02d}", f"Performance indicator number {number}") for number in range(1, 31)]


DOCUMENTS = {
    "empty plan": lambda: pip_document(empty_draft(), exported_by=EXPORTER),
    "full plan": lambda: pip_document(full_pip(), exported_by=EXPORTER),
    "withdrawn plan": lambda: pip_document(withdrawn_pip(), exported_by=EXPORTER),
    "completed plan": lambda: pip_document(completed_pip(), exported_by=EXPORTER),
    "hostile plan": lambda: pip_document(hostile_pip(), exported_by=EXPORTER),
    "papers without plans": lambda: papers_document(papers([]), exported_by=EXPORTER),
    "draft papers": lambda: papers_document(
        papers([full_pip(), completed_pip(), empty_draft(), withdrawn_pip()], draft=True), exported_by=EXPORTER
    ),
    "30-plan papers": lambda: papers_document(papers(thirty_plans()), exported_by=EXPORTER),
}


def _saved(document):
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    """Each document built once and saved, as a download saves it: {name: (path, bytes)}."""
    folder = tmp_path_factory.mktemp("word")
    files = {}
    for name, build in DOCUMENTS.items():
        data = _saved(build())
        path = folder / f"{name.replace(' ', '-')}.docx"
        path.write_bytes(data)
        files[name] = (path, data)
    return files


def _errors(path, file_format):
    result = OpenXmlValidator(file_format=file_format).validate(path)
    return [f"{error.description}" for error in result.errors]


@pytest.mark.parametrize("file_format", FORMATS, ids=lambda f: f.value)
@pytest.mark.parametrize("name", DOCUMENTS)
def test_every_document_validates_clean_for_word(saved, name, file_format):
    path, _ = saved[name]
    assert _errors(path, file_format) == []


def test_the_validator_sees_what_was_wrong_with_the_stock_template(tmp_path):
    """The check has teeth: python-docx's own template, untouched, fails it on its styles-with-effects part."""
    path = tmp_path / "stock.docx"
    Document().save(path)
    errors = _errors(path, FileFormat.OFFICE_2016)
    assert errors and all("stylesWithEffects" in error for error in errors)


def _part(data, name):
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.read(name)


def _names(data):
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.namelist()


@pytest.mark.parametrize("name", ["full plan", "30-plan papers"])
def test_word_opens_it_without_compatibility_mode(saved, name):
    _, data = saved[name]
    settings = etree.fromstring(_part(data, "word/settings.xml"))
    modes = [
        setting.get(W + "val")
        for setting in settings.iter(W + "compatSetting")
        if setting.get(W + "name") == "compatibilityMode"
    ]
    assert modes == ["15"]
    assert settings.find(W + "themeFontLang").get(W + "val") == "en-GB"


@pytest.mark.parametrize("name", ["full plan", "30-plan papers"])
def test_no_styles_with_effects_and_no_stale_thumbnail(saved, name):
    _, data = saved[name]
    names = _names(data)
    assert "word/stylesWithEffects.xml" not in names and "docProps/thumbnail.jpeg" not in names
    everything = b"".join(_part(data, part) for part in names if part.endswith((".rels", ".xml")))
    assert b"stylesWithEffects" not in everything and b"thumbnail" not in everything


def test_core_properties_are_the_documents_own(saved):
    _, data = saved["full plan"]
    properties = Document(io.BytesIO(data)).core_properties
    assert properties.title == "Performance Improvement Plan – WR01 Household waste collected on time"
    assert properties.author == properties.last_modified_by == EXPORTER
    assert properties.language == "en-GB"
    assert properties.comments == "" and properties.subject == "" and properties.keywords == ""
    now = datetime.now(UTC)
    assert properties.created == properties.modified
    assert now - timedelta(minutes=10) < properties.created <= now
    assert b"python-docx" not in _part(data, "docProps/core.xml")


def test_papers_are_authored_by_who_exported_them_and_titled_as_the_meeting(saved):
    _, data = saved["draft papers"]
    properties = Document(io.BytesIO(data)).core_properties
    assert properties.author == properties.last_modified_by == EXPORTER
    assert (
        properties.title == "DRAFT – Performance Improvement Plans – Audit and Performance Committee, 8 December 2026"
    )


def test_a_document_built_without_an_exporter_names_nobody():
    properties = Document(io.BytesIO(_saved(pip_document(full_pip())))).core_properties
    assert properties.author == properties.last_modified_by == ""


def test_the_application_is_this_app(saved):
    _, data = saved["full plan"]
    application = etree.fromstring(_part(data, "docProps/app.xml"))
    namespace = "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}"
    assert application.findtext(namespace + "Application") == APPLICATION
    assert application.find(namespace + "AppVersion") is None
    assert b"Macintosh" not in _part(data, "docProps/app.xml")


@pytest.mark.parametrize("name", ["full plan", "hostile plan", "30-plan papers"])
def test_no_table_row_splits_across_pages(saved, name):
    _, data = saved[name]
    body = etree.fromstring(_part(data, "word/document.xml"))
    rows = list(body.iter(W + "tr"))
    assert rows and all(row.find(f"{W}trPr/{W}cantSplit") is not None for row in rows)


def test_headings_keep_with_what_follows(saved):
    _, data = saved["full plan"]
    styles = etree.fromstring(_part(data, "word/styles.xml"))
    for style_id in ("Heading1", "Heading2", "Heading3"):
        style = styles.find(f"{W}style[@{W}styleId='{style_id}']")
        assert style.find(f"{W}pPr/{W}keepNext") is not None, style_id
