"""Plans into a new council (issue 12, item 5; docs/pip-v1.md#import): every pip/v1 file exported from one
council's database imports into a freshly initialised one, creating the PI, service and bodies it needs, and the
plan is then the same plan; its page opens, search finds it, and importing the file again is refused.

The first database is the demo council's; the second is a new SQLite file, or the PostgreSQL test database
emptied and initialised again."""

import json
import os
from datetime import date

import pytest

import webapp.pips.cli
from tests.conftest import _PASSWORD_HASH, _reset_postgresql
from tests.exports.pip_schema import assert_valid
from webapp.core.db import use_database
from webapp.core.migrations import init_db
from webapp.demo import load_demo_data
from webapp.domain.bodies import BodyKind
from webapp.domain.pips import PipStatus
from webapp.domain.roles import Role
from webapp.exports.pip_json import json_text
from webapp.models import Body, Directorate, Indicator, Meeting, Pip, PipChange, Service, User, UserRole, database
from webapp.pips.cli import export_document
from webapp.pips.interchange import exported_plan
from webapp.pips.store import load_plan

TODAY = date(2026, 11, 22)


def fresh_database(app, tmp_path):
    """Bind the app to a database initialised anew."""
    url = os.environ.get("TEST_DATABASE_URL")
    database.obj.close_all()
    if url:
        _reset_postgresql(url)
    else:
        url = f"sqlite:///{tmp_path / 'new-council.db'}"
    use_database(app, url)
    with database.connection_context():
        init_db()


@pytest.fixture
def runner(app):
    webapp.pips.cli.init_app(app)
    return app.test_cli_runner()


@pytest.fixture
def demo_files(app, tmp_path):
    """{file path: (the plan's status, its plain plan)} for every demo plan, exported from the demo council."""
    files = {}
    with database.connection_context():
        load_demo_data(today=TODAY)
        for pip in Pip.select().order_by(Pip.id):
            path = tmp_path / f"plan-{pip.id}.json"
            document = export_document(pip.id)
            assert_valid(document)
            path.write_text(json_text(document, indent=2), encoding="utf-8")
            files[path] = (pip.status, exported_plan(load_plan(pip.id)))
    assert {status for status, _ in files.values()} == set(PipStatus)
    return files


def _import(runner, path, *options):
    result = runner.invoke(args=["import-json", str(path), *options])
    return result.exit_code, result.output


def _document(path):
    document = json.loads(path.read_text(encoding="utf-8"))
    document.pop("exported_at")
    return document


def test_every_demo_plan_moves_into_a_new_council(app, runner, demo_files, tmp_path, sign_in):
    fresh_database(app, tmp_path)
    with database.connection_context():
        assert (Service.select().count(), Indicator.select().count(), Body.select().count()) == (0, 0, 0)

    # without being told to create what is missing, each missing thing is named, with the option
    path = next(iter(demo_files))
    status, output = _import(runner, path)
    assert status == 1
    assert f'service: unknown service "{_document(path)["service"]}" (use --create-indicators to create it)' in output
    assert (
        f'indicator.code: unknown PI code "{_document(path)["indicator"]["code"]}" (use --create-indicators' in output
    )
    assert 'meeting.body: unknown body "CMT" (use --create-indicators to create it)' in output

    imported = {}
    for path in demo_files:
        status, output = _import(runner, path, "--create-indicators")
        assert status == 0, output
        imported[path] = int(output)

    with database.connection_context():
        for path, (_, plain) in demo_files.items():
            assert exported_plan(load_plan(imported[path])) == plain
            again = json.loads(json_text(export_document(imported[path])))
            assert_valid(again)
            again.pop("exported_at")
            assert again == _document(path)
        # the register holds what the plans need, as the demo council had it: no more, no less
        plains = [plain for _, plain in demo_files.values()]
        cited = {c["meeting"]["body"]: c["meeting"]["body_kind"] for p in plains for c in _cited(p)}
        assert {body.name: body.kind.value for body in Body.select()} == cited
        assert cited["Audit and Performance Committee"] == BodyKind.AUDIT_AND_PERFORMANCE.value
        services = Service.select(Service.name, Directorate.name).join(Directorate).tuples()
        assert set(services) == {(p["service"], p["directorate"]) for p in plains}
        assert {i.code for i in Indicator.select()} == {p["indicator"]["code"] for p in plains}
        perf = User.create(email="perf@new.example.org", name="Performance", password_hash=_PASSWORD_HASH)
        UserRole.create(user=perf, role=Role.PERFORMANCE)

    # the next step: each plan's page, and its PI's, opens; search finds what was created
    client = sign_in(perf)
    for pip_id in imported.values():
        with database.connection_context():
            pip = Pip.get_by_id(pip_id)
        page = client.get(f"/pips/{pip_id}")
        assert page.status_code == 200 and pip.pi_code in page.get_data(as_text=True)
        assert client.get(f"/indicators/{pip.indicator_id}").status_code == 200
    first = next(iter(demo_files))
    found = client.get(f"/search/?q={_document(first)['indicator']['code']}").get_data(as_text=True)
    assert f"/pips/{imported[first]}" in found and "/indicators/" in found

    # importing the same file again: an open plan is refused, naming the plan it would sit beside
    with database.connection_context():
        before = (Pip.select().count(), PipChange.select().count(), Meeting.select().count())
    for path, (status, _) in demo_files.items():
        if not status.is_open:
            continue
        exit_code, output = _import(runner, path, "--create-indicators")
        code = _document(path)["indicator"]["code"]
        assert exit_code == 1
        assert f'status: PI "{code}" already has a {status.value} PIP ({imported[path]})' in output
        assert "Nothing imported: 1 error(s)" in output and "Traceback" not in output
    with database.connection_context():
        assert (Pip.select().count(), PipChange.select().count(), Meeting.select().count()) == before


def _cited(plain):
    return [c for c in plain["management_comments"] if c["meeting"] is not None]
