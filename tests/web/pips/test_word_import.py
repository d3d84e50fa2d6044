"""The Word import's pages (docs/word-import.md#the-upload-page): a performance officer uploads a plan written in
Word, sees what was recognised and what was not, and confirms to create a Draft; refusals are clear, nothing is
written, and no file answers 500."""

import io
import zipfile
from html import unescape

import pytest

from tests.web.pips import word_plans
from tests.web.pips.test_json_files import saves_as_it_is
from webapp.domain.bodies import BodyKind
from webapp.domain.pips import PipStatus
from webapp.models import Body, Factor, Indicator, Pip, PipChange, ProgressUpdate
from webapp.pips.store import load_plan


def _counts():
    return (Pip.select().count(), Indicator.select().count(), Factor.select().count(), PipChange.select().count())


@pytest.fixture
def officer(login_as):
    return login_as("performance")


@pytest.fixture
def cmt(db):
    return Body.create(name="CMT", kind=BodyKind.CMT)


@pytest.fixture
def waste_pi(make_indicator, make_service, cmt):
    return make_indicator(code="WR01", service=make_service("Waste and Recycling"))


def test_the_plans_page_links_to_the_word_import_for_performance_officers(client, login_as):
    login_as("performance")
    assert "/pips/import-word" in client.get("/pips/").get_data(as_text=True)
    page = client.get("/pips/import-word")
    assert page.status_code == 200 and 'enctype="multipart/form-data"' in page.get_data(as_text=True)


def test_a_head_of_service_neither_sees_nor_opens_the_word_import(client, login_as):
    login_as("hos")
    assert "/pips/import-word" not in client.get("/pips/").get_data(as_text=True)
    assert client.get("/pips/import-word").status_code == 403


def test_upload_previews_what_was_read_and_confirm_creates_the_draft(client, officer, waste_pi):
    before = _counts()
    preview = word_plans.upload(client, word_plans.classic().bytes(), name="Waste PIP.docx")
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200, html
    for seen in ("Waste PIP.docx", "Jane Smith", "Heavy snowfall closed the rural rounds.", "Agency drivers"):
        assert seen in html
    assert "Read on an assumption" in html and "factors without a reference are numbered E1 to E4" in html
    assert _counts() == before  # the preview wrote nothing
    response = word_plans.confirm(client, html)
    assert response.status_code == 302
    pip = Pip.get(Pip.indicator == waste_pi)
    assert response.headers["Location"] == f"/pips/{pip.id}"
    assert pip.status is PipStatus.DRAFT and pip.service.name == "Waste and Recycling"
    assert [f.ref for f in Factor.select().where(Factor.pip == pip).order_by(Factor.ref)] == [
        "E1",
        "E2",
        "E3",
        "E4",
        "I1",
        "I2",
        "I3",
    ]
    page = client.get(f"/pips/{pip.id}").get_data(as_text=True)
    assert "Draft plan created for WR01 from Waste PIP.docx" in page


def test_what_was_not_read_is_listed(client, officer, waste_pi):
    html = word_plans.upload(client, word_plans.other_styles().bytes()).get_data(as_text=True)
    assert "Not recognised" in html
    assert "Please see the appendix for the full data." in html
    assert "rationale behind the original target" not in html  # the completion notes are not the plan


def test_an_unknown_pi_code_is_an_error_naming_it_until_the_officer_ticks_create(client, officer, make_service, cmt):
    make_service("Waste and Recycling")
    before = _counts()
    preview = word_plans.upload(client, word_plans.classic(code="NEW77").bytes())
    html = preview.get_data(as_text=True)
    assert preview.status_code == 422
    assert "&#34;NEW77&#34; is not in the register" in html or '"NEW77" is not in the register' in html
    assert "the document names no service" in html
    refused = word_plans.confirm(client, html)
    assert refused.status_code == 422 and _counts() == before
    created = word_plans.confirm(
        client,
        html,
        create_indicators="y",
        service="Waste and Recycling",
        polarity="lower_is_better",
        unit="percent",
        frequency="quarterly",
    )
    assert created.status_code == 302, created.get_data(as_text=True)
    indicator = Indicator.get(Indicator.code == "NEW77")
    assert (indicator.polarity.value, indicator.unit.value, indicator.frequency.value) == (
        "lower_is_better",
        "percent",
        "quarterly",
    )
    assert indicator.service.name == "Waste and Recycling"
    assert Pip.get(Pip.indicator == indicator).status is PipStatus.DRAFT


def test_create_ticked_on_the_upload_page_carries_to_the_confirm(client, officer, make_service, cmt):
    make_service("Waste and Recycling")
    html = word_plans.upload(client, word_plans.classic(code="NEW78").bytes(), create=True).get_data(as_text=True)
    assert "is not in the register" not in html.split("Preview of the plan from Word")[0]
    response = word_plans.confirm(
        client, html, create_indicators="y", service="Waste and Recycling", polarity="higher_is_better"
    )
    assert response.status_code == 302, response.get_data(as_text=True)


def test_a_pi_with_an_open_plan_is_refused_at_the_preview_and_nothing_is_written(client, officer, make_pip):
    pip = make_pip()
    before = _counts()
    html = word_plans.upload(client, word_plans.classic(code=pip.pi_code).bytes()).get_data(as_text=True)
    assert f"already has a draft PIP ({pip.id})" in html
    assert "Create the Draft plan" not in html
    assert word_plans.confirm(client, html).status_code in (200, 400, 409, 422)
    assert _counts() == before


def test_a_progress_date_it_cannot_read_is_an_error_and_nothing_is_written(client, officer, waste_pi):
    builder = word_plans.classic()
    builder.document.tables[-1].cell(2, 0).text = "Autumn"
    before = _counts()
    response = word_plans.upload(client, builder.bytes())
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Section 6, row 2" in html and "Autumn" in html and "is not a date the import reads" in html
    assert "Create the Draft plan" not in html and _counts() == before


def test_the_token_is_good_once_for_its_own_user(client, officer, waste_pi, make_user, sign_in):
    html = word_plans.upload(client, word_plans.classic().bytes()).get_data(as_text=True)
    token = word_plans.token_of(html)
    assert word_plans.confirm(client, token).status_code == 302
    again = word_plans.confirm(client, token)
    assert again.status_code == 409 and "upload the document again" in again.get_data(as_text=True)
    sign_in(make_user("performance"))
    assert word_plans.confirm(client, token).status_code == 409
    assert word_plans.confirm(client, "forged").status_code == 409


def test_confirm_without_the_csrf_token_is_refused(client, officer, waste_pi):
    html = word_plans.upload(client, word_plans.classic().bytes()).get_data(as_text=True)
    response = client.post("/pips/import-word/confirm", data={"token": word_plans.token_of(html)}, csrf=False)
    assert response.status_code == 400 and Pip.select().count() == 0


# ---------------------------------------------------------------- files that are not plans


def _zip(parts):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _bomb():
    """A few kilobytes that would unpack to 200 MB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w") as part:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(200):
                part.write(chunk)
    return buffer.getvalue()


def _deep_xml():
    document = word_plans.classic().bytes()
    source = zipfile.ZipFile(io.BytesIO(document))
    parts = {item.filename: source.read(item.filename) for item in source.infolist()}
    body = parts["word/document.xml"].decode()
    nested = "<w:sdt><w:sdtContent>" * 3000 + "</w:sdtContent></w:sdt>" * 3000
    parts["word/document.xml"] = body.replace("<w:body>", "<w:body>" + nested, 1).encode()
    return _zip(parts)


def _without_body():
    source = zipfile.ZipFile(io.BytesIO(word_plans.classic().bytes()))
    return _zip({i.filename: source.read(i.filename) for i in source.infolist() if i.filename != "word/document.xml"})


HOSTILE = [
    ("empty", b"", "The file is empty"),
    ("text", b"PI Code, WR01\nAuthor, Jane", "not a Word document (.docx)"),
    ("an old .doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "older Word file (.doc)"),
    ("a broken zip", b"PK\x03\x04" + b"\x01" * 500, "not a readable Word document"),
    ("a spreadsheet", None, "not a Word document (.docx): it has no document in it"),
    ("a zip bomb", _bomb, "unpacks to more than"),
    ("XML nested 3,000 deep", _deep_xml, "not a readable Word document"),
    ("a .docx with no document", _without_body, "it has no document in it"),
]


def _hostile_bytes(made):
    if made is None:
        from openpyxl import Workbook

        buffer = io.BytesIO()
        Workbook().save(buffer)
        return buffer.getvalue()
    return made() if callable(made) else made


@pytest.mark.parametrize("case", HOSTILE, ids=[case[0] for case in HOSTILE])
def test_a_file_that_is_not_a_plan_is_refused_clearly_never_500(client, officer, case):
    _, made, message = case
    before = _counts()
    response = word_plans.upload(client, _hostile_bytes(made), name="plan.docx")
    html = response.get_data(as_text=True)
    assert response.status_code == 422, html
    assert message in html and "Nothing was created" in html
    assert _counts() == before


def test_a_file_over_the_limit_is_refused_before_it_is_read(client, officer):
    response = word_plans.upload(client, b"PK\x03\x04" + b"\0" * (2 * 1024 * 1024 + 10))
    assert response.status_code == 413


def test_no_file_chosen_is_asked_for(client, officer):
    response = client.post("/pips/import-word", data={}, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "Choose a Word document (.docx) to upload" in response.get_data(as_text=True)


def test_imported_solutions_and_progress_are_stored(client, officer, waste_pi):
    html = word_plans.upload(client, word_plans.classic().bytes()).get_data(as_text=True)
    word_plans.confirm(client, html)
    pip = Pip.get(Pip.indicator == waste_pi)
    solutions = {s.ref: s for s in load_plan(pip.id).solutions}
    assert sorted(solutions) == ["S1", "S2", "S3"]
    assert [f.ref for f in solutions["S1"].addressed] == ["E1", "I1"]
    assert [
        p.comment for p in ProgressUpdate.select().where(ProgressUpdate.pip == pip).order_by(ProgressUpdate.made_on)
    ] == [
        "Agency drivers started on the rural rounds.",
        "Both driver posts advertised.",
    ]


def test_a_body_the_register_lacks_is_offered_to_create(client, officer, make_indicator, make_service):
    """The PI is known but no CMT body is: the preview names the body, and ticking the box creates it with
    the plan, as a pip/v1 import does."""
    make_indicator(code="WR01", service=make_service("Waste and Recycling"))
    before = _counts()
    preview = word_plans.upload(client, word_plans.classic().bytes())
    html = preview.get_data(as_text=True)
    assert preview.status_code == 422
    assert "unknown body &#34;CMT&#34;" in html and "Create what the register is missing" in html
    assert "Create the Draft plan" in html and _counts() == before
    assert word_plans.confirm(client, html).status_code == 422 and _counts() == before
    created = word_plans.confirm(client, html, create_indicators="y")
    assert created.status_code == 302, created.get_data(as_text=True)
    assert Body.get(Body.name == "CMT").kind is BodyKind.CMT
    assert "Created: body &#34;CMT&#34;" in client.get(created.headers["Location"]).get_data(as_text=True)


# ---------------------------------------------------------------- the PI form's code rule (webapp/domain/pi_codes.py)

CODE_RULE = (
    "Section 1, PI Code: must start with a letter or number and use only letters, numbers, spaces, full stops, "
    "slashes, hyphens and underscores"
)
NEW_PI = {"create_indicators": "y", "service": "Waste and Recycling", "polarity": "higher_is_better"}


@pytest.mark.parametrize("code", ["<script>x</script>", "<b>X</b>"])
def test_a_code_the_pi_form_refuses_is_refused_even_told_to_create_then_the_corrected_document_imports(
    client, officer, make_service, cmt, code
):
    make_service("Waste and Recycling")
    before = _counts()
    preview = word_plans.upload(client, word_plans.classic(code=code).bytes(), create=True)
    shown = unescape(preview.get_data(as_text=True))
    assert preview.status_code == 422 and CODE_RULE in shown
    assert "Create the Draft plan" not in shown and f'"{code}" is not in the register (' not in shown
    assert _counts() == before
    corrected = word_plans.upload(client, word_plans.classic(code="WR07").bytes(), create=True)
    created = word_plans.confirm(client, corrected.get_data(as_text=True), **NEW_PI)
    assert created.status_code == 302, created.get_data(as_text=True)
    indicator = Indicator.get(Indicator.code == "WR07")
    assert Pip.get(Pip.indicator == indicator).pi_code == "WR07"
    assert saves_as_it_is(client, indicator)


def test_a_code_in_another_case_is_the_registers_pi_as_the_preview_says(client, officer, waste_pi):
    preview = word_plans.upload(client, word_plans.classic(code="wr01").bytes(), create=True)
    shown = unescape(preview.get_data(as_text=True))
    assert preview.status_code == 200, shown
    assert "PI Code wr01 is the register's WR01" in shown and "Not in the register" not in shown
    response = word_plans.confirm(client, preview.get_data(as_text=True), create_indicators="y")
    assert response.status_code == 302, response.get_data(as_text=True)
    assert Pip.get(Pip.indicator == waste_pi).pi_code == "WR01"
    assert Indicator.select().count() == 1 and saves_as_it_is(client, waste_pi)
