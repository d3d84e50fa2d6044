"""Downloading a plan as pip/v1 JSON, and a performance officer uploading one."""
import io
import json

from webapp.models import Indicator, Pip


def test_download_is_the_plan_as_pip_v1_with_a_safe_name(client, login_as, make_pip):
    login_as("cmt")
    pip = make_pip(factors=[("external", "Snow")], solutions=[("Agency drivers", ["E1"])])
    response = client.get(f"/pips/{pip.id}/plan.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.headers["Content-Disposition"].startswith(f'attachment; filename="PIP-{pip.pi_code}-')
    document = json.loads(response.get_data(as_text=True))
    assert document["format"] == "pip/v1" and document["indicator"]["code"] == pip.pi_code
    assert document["solutions"][0]["factors"] == ["E1"]


def upload(client, document, name="plan.json"):
    data = {"document": (io.BytesIO(json.dumps(document).encode()), name)}
    return client.post("/pips/import", data=data, content_type="multipart/form-data")


def test_upload_creates_the_whole_plan(client, login_as, make_pip, red_indicator):
    login_as("performance")
    source = make_pip(factors=[("internal", "Vacancies")], solutions=[("Recruit", ["I1"])])
    document = json.loads(client.get(f"/pips/{source.id}/plan.json").get_data(as_text=True))
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
    response = client.post("/pips/import", data={"document": (io.BytesIO(b"\xff{nope"), "x.json")},
                           content_type="multipart/form-data")
    assert response.status_code == 422 and "The file is not JSON" in response.get_data(as_text=True)
    response = client.post("/pips/import", data={}, content_type="multipart/form-data")
    assert "Choose a pip/v1 JSON file" in response.get_data(as_text=True)
