"""Downloading a plan as pip/v1 JSON, and a performance officer uploading one."""

import copy
import html
import io
import json
from datetime import UTC, datetime

import pytest
from markupsafe import escape
from peewee import fn
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from tests.exports.pip_schema import assert_valid
from tests.web import hostile_files
from tests.web.failing_writes import failing
from tests.web.page_forms import form_values
from webapp.domain.pips import PipStatus
from webapp.models import Factor, Indicator, Meeting, Pip, PipChange, ProgressUpdate
from webapp.pips.printed import load_printed_plan


def test_download_is_the_plan_as_pip_v1_with_a_safe_name(client, login_as, make_pip):
    login_as("cmt")
    pip = make_pip(factors=[("external", "Snow")], solutions=[("Agency drivers", ["E1"])])
    response = client.get(f"/pips/{pip.id}/plan.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.headers["Content-Disposition"].startswith(f'attachment; filename="PIP-{pip.pi_code}-')
    document = json.loads(response.get_data(as_text=True))
    assert document["format"] == "pip/v1" and document["indicator"]["code"] == pip.pi_code
    assert document["solutions"][0]["factors"] == ["E1"]
    assert (document["directorate"], document["indicator"]["decimal_places"]) == ("Communities", 1)
    assert_valid(document)


def upload(client, document, name="plan.json"):
    data = {"document": (io.BytesIO(json.dumps(document).encode()), name)}
    return client.post("/pips/import", data=data, content_type="multipart/form-data")


def test_upload_creates_the_whole_plan(client, login_as, make_pip, red_indicator):
    login_as("performance")
    source = make_pip(factors=[("internal", "Vacancies")], solutions=[("Recruit", ["I1"])])
    document = json.loads(client.get(f"/pips/{source.id}/plan.json").get_data(as_text=True))
    assert_valid(document)
    target = red_indicator(service=source.service)
    document["indicator"]["code"] = target.code
    response = upload(client, document)
    assert response.status_code == 302
    imported = Pip.get(Pip.indicator == target)
    assert response.headers["Location"] == f"/pips/{imported.id}"
    assert [f.ref for f in imported.factors] == ["I1"]


def test_a_bad_file_lists_each_error_and_creates_nothing(client, login_as, make_pip):
    login_as("performance")
    source = make_pip(factors=[("external", "Snow")], solutions=[("Agency drivers", ["E1"])])
    document = json.loads(client.get(f"/pips/{source.id}/plan.json").get_data(as_text=True))
    document["solutions"][0]["factors"] = ["E9"]
    document["indicator"]["code"] = "NOPE1"
    before = (Pip.select().count(), Indicator.select().count())
    response = upload(client, document)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "solutions[0].factors[0]: unknown factor E9" in html
    assert (Pip.select().count(), Indicator.select().count()) == before


def test_not_json_and_no_file_are_refused_clearly(client, login_as):
    login_as("performance")
    response = client.post(
        "/pips/import", data={"document": (io.BytesIO(b"\xff{nope"), "x.json")}, content_type="multipart/form-data"
    )
    assert response.status_code == 422 and "The file is not JSON" in response.get_data(as_text=True)
    response = client.post("/pips/import", data={}, content_type="multipart/form-data")
    assert "Choose a pip/v1 JSON file" in response.get_data(as_text=True)


# ---------------------------------------------------------------- values refused at the door (issue 8, item 5)


def _upload_bytes(client, raw):
    """The file encoded in memory: the test client spools a large body to a temporary file nobody closes."""
    boundary, body = encode_multipart({"document": FileStorage(io.BytesIO(raw), "plan.json")})
    return client.post("/pips/import", data=body, content_type=f"multipart/form-data; boundary={boundary}")


@pytest.fixture
def exported(client, login_as, make_pip, app):
    login_as("performance")
    app.config["MAX_CONTENT_LENGTH"] = 3 * 1024 * 1024  # room for a file past the importer's own limit
    document = hostile_files.exported_plan(client, make_pip)
    assert_valid(document)
    return document


def _counts():
    return (Pip.select().count(), Indicator.select().count(), Meeting.select().count(), PipChange.select().count())


@pytest.mark.parametrize("case", hostile_files.CASES, ids=hostile_files.IDS)
def test_a_hostile_upload_is_refused_with_the_path_then_the_corrected_one_imports(client, exported, case):
    _, make, message = case
    before = _counts()
    response = _upload_bytes(client, make(copy.deepcopy(exported)))
    assert response.status_code == 422
    assert escape(message) in response.get_data(as_text=True)
    assert _counts() == before
    response = upload(client, exported)
    assert response.status_code == 302


def test_a_file_past_the_servers_own_limit_is_refused_without_a_500(client, exported, app):
    app.config["MAX_CONTENT_LENGTH"] = 2 * 1024 * 1024
    exported["details"]["comments"] = "x" * (2 * 1024 * 1024)
    response = _upload_bytes(client, json.dumps(exported).encode())
    assert response.status_code == 413
    assert "That file or form is too large" in response.get_data(as_text=True)


def test_unprintable_text_is_cleaned_on_upload(client, exported):
    response = upload(client, hostile_files.dirty(exported))
    assert response.status_code == 302
    new = Pip.get(Pip.status == PipStatus.DRAFT)
    assert (new.author, new.comments) == (hostile_files.CLEAN_LINE, hostile_files.CLEAN)
    assert ProgressUpdate.get(ProgressUpdate.pip == new).comment == hostile_files.CLEAN


def test_an_upload_is_one_transaction_when_its_last_write_fails(client, exported):
    """The history record is the import's last write: a real trigger makes it fail, and the user is told."""
    exported["management_comments"][1]["meeting"]["date"] = "2026-11-11"  # a meeting to create
    before = _counts()
    with failing(PipChange._meta.table_name):
        response = upload(client, exported)
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.get_data(as_text=True)
    assert _counts() == before
    assert (Factor.select().count(), ProgressUpdate.select().count()) == (2, 1)
    assert upload(client, exported).status_code == 302
    assert _counts() != before


# ---------------------------------------------------------------- plans into a new council (issue 12, item 5)


def test_the_page_offers_to_create_what_is_missing(client, login_as):
    login_as("performance")
    html = client.get("/pips/import").get_data(as_text=True)
    assert 'type="checkbox"' in html and "Create what the register is missing" in html
    assert 'href="/pips/import-word"' in html  # a plan written in Word has its own page, linked both ways
    assert 'href="/pips/import"' in client.get("/pips/import-word").get_data(as_text=True)


def test_without_the_tick_box_each_missing_thing_is_named_with_the_tick_box(client, exported):
    exported["indicator"]["code"], exported["service"] = "NEW20", "Parks"
    exported["management_comments"][1]["meeting"]["body"] = "Cabinet"
    before = _counts()
    response = upload(client, exported)
    html = html_text(response)
    assert response.status_code == 422
    tick = 'tick "Create what the register is missing" to create it'
    for error in (
        f'service: unknown service "Parks" ({tick})',
        f'indicator.code: unknown PI code "NEW20" ({tick})',
        f'management_comments[1].meeting.body: unknown body "Cabinet" ({tick})',
    ):
        assert error in html
    assert _counts() == before


def test_with_the_tick_box_the_plan_comes_with_its_pi_service_and_body(client, exported):
    exported["indicator"]["code"], exported["service"] = "NEW21", "Parks"
    exported["directorate"] = "Place"
    exported["management_comments"][1]["meeting"]["body"] = "Cabinet"
    data = {"document": (io.BytesIO(json.dumps(exported).encode()), "plan.json"), "create_missing": "y"}
    response = client.post("/pips/import", data=data, content_type="multipart/form-data")
    assert response.status_code == 302
    imported = Pip.get(Pip.pi_code == "NEW21")
    assert response.headers["Location"] == f"/pips/{imported.id}"
    assert (imported.service.name, imported.service.directorate.name) == ("Parks", "Place")
    page = html_text(client.get(response.headers["Location"]))
    assert (
        'Plan imported for NEW21. Created: directorate "Place", service "Parks" in Place, PI NEW21, '
        'body "Cabinet" (Corporate Management Team).' in page
    )


def html_text(response):
    return html.unescape(response.get_data(as_text=True))


def test_the_plan_a_word_paper_prints_is_a_valid_pip_v1_document(db, make_pip):
    """The printed plan (webapp/pips/printed.py) carries the plan as plan_to_json makes it, without what only a
    file moving to another council needs."""
    pip = make_pip(factors=[("external", "Snow")], solutions=[("Agency drivers", ["E1"])])
    document = load_printed_plan(pip.id, datetime.now(UTC))["plan"]
    assert "directorate" not in document and document["indicator"]["decimal_places"] == 1
    assert_valid(document)


# ---------------------------------------------------------------- the PI form's code rule (webapp/domain/pi_codes.py)


def upload_creating(client, document):
    """The file uploaded with "Create what the register is missing" ticked."""
    data = {"document": (io.BytesIO(json.dumps(document).encode()), "plan.json"), "create_missing": "y"}
    return client.post("/pips/import", data=data, content_type="multipart/form-data")


def saves_as_it_is(client, indicator):
    """Whether the PI's edit form, saved without a change, is saved: it is for any PI the register can hold."""
    url = f"/indicators/{indicator.id}/edit"
    page = client.get(url).get_data(as_text=True)
    values = form_values(page[page.index('<form method="post" novalidate>') :], "")
    return client.post(url, data=MultiDict(values)).status_code == 302


CODE_RULE = (
    "indicator.code: must start with a letter or number and use only letters, numbers, spaces, full stops, "
    "slashes, hyphens and underscores"
)


@pytest.mark.parametrize("code", ["<script>x</script>", "<b>X</b>", "-WR01", "WR01!", "WR 01?"])
def test_a_code_the_pi_form_refuses_is_refused_then_the_corrected_file_imports(client, exported, code):
    exported["indicator"]["code"], exported["service"] = code, "Parks"
    before = _counts()
    response = upload_creating(client, exported)
    page = html_text(response)
    assert response.status_code == 422
    assert CODE_RULE in page
    assert 'name="document"' in page and "unknown PI code" not in page  # on the upload page, told what to correct
    assert _counts() == before
    exported["indicator"]["code"] = "PK01"
    response = upload_creating(client, exported)
    assert response.status_code == 302
    created = Indicator.get(Indicator.code == "PK01")
    assert Pip.get(Pip.indicator == created).pi_code == "PK01"
    assert saves_as_it_is(client, created)


def test_a_code_in_another_case_is_the_registers_pi_and_makes_no_second_one(client, exported, make_indicator):
    """Codes are one whatever their case, as the PI form says of hs03 beside HS03: the plan joins WR02."""
    existing = make_indicator(code="WR02")
    exported["indicator"]["code"] = "wr02"
    response = upload_creating(client, exported)
    assert response.status_code == 302
    imported = Pip.get(Pip.indicator == existing)
    assert imported.pi_code == "WR02" and "Created" not in html_text(client.get(response.headers["Location"]))
    assert Indicator.select().where(fn.UPPER(Indicator.code) == "WR02").count() == 1
    assert saves_as_it_is(client, existing)


def test_a_new_code_in_small_letters_makes_the_pi_in_capitals_as_the_form_does(client, exported):
    exported["indicator"]["code"], exported["service"] = "pk 02/b", "Parks"
    response = upload_creating(client, exported)
    assert response.status_code == 302
    created = Indicator.get(Indicator.code == "PK 02/B")
    assert Pip.get(Pip.indicator == created).pi_code == "PK 02/B"
    assert "Created: " in html_text(client.get(response.headers["Location"]))
    assert saves_as_it_is(client, created)
    Pip.update(status=PipStatus.WITHDRAWN).execute()
    assert upload_creating(client, exported).status_code == 302  # the same file again joins that PI
    assert Indicator.select().where(Indicator.code.startswith("PK")).count() == 1
