"""UPLOADS_FOLDER from the environment: where an uploaded file waits between its preview and its confirm,
a folder every server behind one address can share (docs/score-imports.md#confirming)."""

from datetime import date
from decimal import Decimal

import pytest

from tests.conftest import new_app
from webapp.models import Score

from .import_files import SCORE_HEADINGS, confirm, csv_bytes, upload


@pytest.fixture
def shared_folder(tmp_path, monkeypatch):
    folder = tmp_path / "shared" / "uploads"
    monkeypatch.setenv("UPLOADS_FOLDER", str(folder))
    return folder


@pytest.fixture
def one_app(shared_folder, database_url):
    return new_app(database_url)  # made after the environment names the folder


def test_an_upload_waits_in_the_folder_the_environment_names_until_it_is_confirmed(
    app, client, login_as, make_indicator, shared_folder
):
    assert app.config["UPLOADS_FOLDER"] == str(shared_folder)
    waste = make_indicator(code="WR01", name="Waste collected on time", target=90, financial_year=2026)
    login_as("performance")
    preview = upload(client, "scores", csv_bytes([SCORE_HEADINGS, ["WR01", "", "30/09/2026", "91.5", ""]]))
    assert preview.status_code == 200
    assert len(list(shared_folder.glob("*.upload"))) == 1
    confirmed = confirm(client, "scores", preview.get_data(as_text=True))
    assert confirmed.status_code == 302  # back to the register, with what was saved
    assert [(s.period_end, s.value) for s in Score.select().where(Score.indicator == waste)] == [
        (date(2026, 9, 30), Decimal("91.5"))
    ]
    assert list(shared_folder.glob("*.upload")) == []  # removed once applied
