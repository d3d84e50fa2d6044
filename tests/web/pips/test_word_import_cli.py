"""`flask --app webapp import-docx FILE [--create-indicators] [--service NAME]` (docs/word-import.md#the-command-line):
the new plan's id on standard output; on refusal each error on standard error, exit status 1, nothing written."""

import pytest

import webapp.pips.cli
from tests.web.pips import word_plans
from webapp.domain.bodies import BodyKind
from webapp.domain.pips import PipStatus
from webapp.models import Body, Indicator, Pip, PipChange


@pytest.fixture
def runner(app, db):
    webapp.pips.cli.init_app(app)
    return app.test_cli_runner()  # Click 8.2+ keeps standard error apart: result.stdout, result.stderr


@pytest.fixture
def council(make_service, db):
    Body.create(name="CMT", kind=BodyKind.CMT)
    return make_service("Waste and Recycling")


def _file(tmp_path, builder, name="plan.docx"):
    path = tmp_path / name
    path.write_bytes(word_plans.docx_of(builder))
    return str(path)


def _counts():
    return (Pip.select().count(), Indicator.select().count(), PipChange.select().count())


def test_import_docx_prints_the_new_drafts_id(runner, council, make_indicator, tmp_path):
    make_indicator(code="WR01", service=council)
    result = runner.invoke(args=["import-docx", _file(tmp_path, word_plans.classic())])
    assert result.exit_code == 0, result.output
    pip = Pip.get_by_id(int(result.stdout.strip()))
    assert pip.status is PipStatus.DRAFT and pip.pi_code == "WR01"


def test_an_unknown_code_is_refused_naming_it_then_created_when_asked(runner, council, tmp_path):
    path = _file(tmp_path, word_plans.classic(code="NEW01"))
    before = _counts()
    result = runner.invoke(args=["import-docx", path])
    assert result.exit_code == 1
    assert 'Section 1, PI Code: "NEW01" is not in the register (use --create-indicators to create it)' in result.stderr
    assert "name it with --service" in result.stderr
    assert "Nothing imported: 2 error(s)" in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == "" and _counts() == before
    result = runner.invoke(args=["import-docx", path, "--create-indicators", "--service", "Waste and Recycling"])
    assert result.exit_code == 0, result.output
    indicator = Indicator.get(Indicator.code == "NEW01")
    assert indicator.service_id == council.id and indicator.unit.value == "percent"


def test_a_file_that_is_not_a_plan_is_refused_without_a_traceback(runner, tmp_path):
    path = tmp_path / "notes.docx"
    path.write_bytes(b"not a word document")
    result = runner.invoke(args=["import-docx", str(path)])
    assert result.exit_code == 1
    assert "The file is not a Word document (.docx)" in result.stderr and "Traceback" not in result.stderr


def test_what_was_not_read_is_said_on_standard_error(runner, council, make_indicator, tmp_path):
    make_indicator(code="WR01", service=council)
    result = runner.invoke(args=["import-docx", _file(tmp_path, word_plans.other_styles())])
    assert result.exit_code == 0, result.output
    assert 'Not read: Section 1: "Please see the appendix for the full data."' in result.stderr
    assert result.stdout.strip().isdigit()


def test_a_code_the_pi_form_refuses_is_refused_even_when_told_to_create(runner, council, tmp_path):
    create = ["--create-indicators", "--service", "Waste and Recycling"]
    before = _counts()
    result = runner.invoke(
        args=["import-docx", _file(tmp_path, word_plans.classic(code="<script>x</script>")), *create]
    )
    assert result.exit_code == 1
    assert (
        "Section 1, PI Code: must start with a letter or number and use only letters, numbers, spaces, full stops, "
        "slashes, hyphens and underscores" in result.stderr
    )
    assert "Traceback" not in result.stderr and result.stdout == "" and _counts() == before
    result = runner.invoke(
        args=["import-docx", _file(tmp_path, word_plans.classic(code="WR07"), "fixed.docx"), *create]
    )
    assert result.exit_code == 0, result.output
    assert Pip.get_by_id(int(result.stdout.strip())).indicator.code == "WR07"


def test_a_code_in_another_case_joins_the_registers_pi_and_creates_no_other(runner, council, make_indicator, tmp_path):
    existing = make_indicator(code="WR02", service=council)
    path = _file(tmp_path, word_plans.classic(code="wr02"))
    result = runner.invoke(args=["import-docx", path, "--create-indicators"])
    assert result.exit_code == 0, result.output
    assert Pip.get_by_id(int(result.stdout.strip())).indicator_id == existing.id
    assert Indicator.select().count() == 1
