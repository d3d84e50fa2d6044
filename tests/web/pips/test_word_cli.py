"""`flask --app webapp export-pip` and `export-papers` (docs/command-line.md#commands): Word files from the command
line."""

import pytest
from docx import Document

import webapp.papers.cli
import webapp.pips.cli
from webapp.papers.item import publish


@pytest.fixture
def runner(app, db):
    webapp.pips.cli.init_app(app)
    webapp.papers.cli.init_app(app)
    return app.test_cli_runner()


def _text(path):
    document = Document(path)
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_export_pip_writes_the_plan_as_word(runner, make_pip, tmp_path):
    pip = make_pip(factors=[("external", "Heavy snowfall")], solutions=[("Agency drivers", ["E1"])])
    out = tmp_path / "plan.docx"
    result = runner.invoke(args=["export-pip", str(pip.id), "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = _text(out)
    assert "Performance Improvement Plan" in text and pip.pi_code in text and "Heavy snowfall" in text


def test_export_pip_names_a_missing_plan(runner, tmp_path):
    result = runner.invoke(args=["export-pip", "999", "-o", str(tmp_path / "x.docx")])
    assert result.exit_code == 1
    assert "No PIP with id 999" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "x.docx").exists()


def test_export_papers_writes_the_draft_then_the_published_papers(runner, papers_of_two_plans, make_user, tmp_path):
    item = papers_of_two_plans
    out = tmp_path / "papers.docx"
    result = runner.invoke(args=["export-papers", str(item.meeting_id), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "draft" in result.output and "2 plans" in result.output
    text = _text(out)
    assert "DRAFT" in text and "Appendix B" in text and "Vacancy 1" in text

    publish(item, make_user("clerk").id, "Borsetshire District Council")
    result = runner.invoke(args=["export-papers", str(item.meeting_id), "-o", str(out)])
    assert result.exit_code == 0 and "published" in result.output
    assert "DRAFT" not in _text(out)


def test_export_papers_names_a_meeting_without_papers(runner, tmp_path, db):
    result = runner.invoke(args=["export-papers", "42", "-o", str(tmp_path / "p.docx")])
    assert result.exit_code == 1
    assert "Meeting 42 has no Performance Improvement Plans item" in result.output
