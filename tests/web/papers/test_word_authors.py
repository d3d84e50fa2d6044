"""A Word download names the person who downloaded it as its author and last modifier, made at that moment, and
validates clean for Word (docs/meetings-and-papers.md#every-document): a plan from its page, the committee papers
from theirs."""

from datetime import UTC, datetime, timedelta

from docx import Document
from openxml_audit import FileFormat, OpenXmlValidator

import webapp.pips.cli
from tests.web.papers import publishing
from tests.web.papers.publishing import papers_url, publish

live_plan = publishing.live_plan  # the shared fixture


def _properties(response, tmp_path):
    assert response.status_code == 200, response.status_code
    path = tmp_path / "download.docx"
    path.write_bytes(response.data)
    assert OpenXmlValidator(file_format=FileFormat.MICROSOFT_365).validate(path).errors == []
    return Document(path).core_properties


def _made_now(properties):
    now = datetime.now(UTC)
    assert properties.created == properties.modified
    assert now - timedelta(minutes=5) < properties.created <= now


def test_a_plans_word_file_names_who_downloaded_it(client, login_as, live_plan, tmp_path):
    plan = live_plan()
    reader = login_as("performance")
    properties = _properties(client.get(f"/pips/{plan.id}/plan.docx"), tmp_path)
    assert properties.author == properties.last_modified_by == reader.name
    _made_now(properties)


def test_the_papers_name_the_clerk_who_downloaded_them(client, login_as, live_plan, a_and_p, tmp_path):
    clerk = login_as("clerk")
    publish(client, a_and_p, [live_plan()])
    properties = _properties(client.get(papers_url(a_and_p, "download")), tmp_path)
    assert properties.author == properties.last_modified_by == clerk.name
    assert properties.title == "Performance Improvement Plans – Audit and Performance Committee, 10 December 2026"
    _made_now(properties)


def test_the_command_line_names_who_it_was_told(app, live_plan, tmp_path):
    webapp.pips.cli.init_app(app)
    out = tmp_path / "plan.docx"
    result = app.test_cli_runner().invoke(
        args=["export-pip", str(live_plan().id), "-o", str(out), "--by", "Tom Hughes"]
    )
    assert result.exit_code == 0, result.output
    properties = Document(out).core_properties
    assert properties.author == properties.last_modified_by == "Tom Hughes"
