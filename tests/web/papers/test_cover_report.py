"""The cover report as the council lays it out (docs/meetings-and-papers.md#cover-report): its Discussion
section, and the Risk Analysis table's rows the clerk adds, changes and removes, each refused once the papers
are published and refused (with what was typed kept) when someone else changed the row meanwhile."""

import io

import pytest
from docx import Document
from werkzeug.datastructures import MultiDict

from tests.docx_reading import table_after, table_texts, texts
from tests.web.page_forms import changed, form_values
from tests.web.papers.publishing import papers_url
from webapp.domain.papers import DEFAULT_RISKS, RISK_COLUMNS
from webapp.models import AgendaItem, RiskRow, utcnow

_url = papers_url


def _report(**changes):
    form = {
        "version": "0",
        "item_number": "7",
        "title": "Performance Improvement Plans",
        "report_of": "Head of Performance",
        "purpose": "To present the plans.",
        "proposed_action": "The committee is invited to RESOLVE to note the plans.",
        "discussion": "First point.\n\nSecond point.",
        "consultees": "Director of Resources\nCorporate Management Team",
    }
    form.update(changes)
    return form


def _risk(**changes):
    form = {
        "version": "0",
        "nature": "Staff turnover",
        "consequences": "Plans not delivered",
        "likelihood": "High",
        "control_measures": "Monthly review by CMT",
    }
    form.update(changes)
    return form


@pytest.fixture
def report(client, clerk, a_and_p):
    assert client.post(_url(a_and_p, "report"), data=_report()).status_code == 302
    return AgendaItem.get(AgendaItem.meeting == a_and_p)


def _rows(item):
    return [
        (row.nature, row.likelihood)
        for row in RiskRow.select().where(RiskRow.item == item).order_by(RiskRow.position, RiskRow.id)
    ]


def test_a_new_cover_report_starts_with_the_usual_risks_and_shows_them(client, report, a_and_p):
    assert _rows(report) == [(nature, likelihood) for nature, _, likelihood, _ in DEFAULT_RISKS]
    assert report.discussion == "First point.\n\nSecond point."
    page = client.get(_url(a_and_p, "report")).get_data(as_text=True)
    assert 'id="risk-analysis"' in page
    for column in RISK_COLUMNS:
        assert column in page
    assert "Performance targets not appropriate" in page and "Add a risk" in page
    assert 'name="discussion"' in page


def test_a_report_with_a_mistake_keeps_what_was_typed_and_still_shows_the_risks(client, report, a_and_p):
    response = client.post(
        _url(a_and_p, "report"),
        data=_report(version="1", title="", discussion="My <i>careful</i> discussion", consultees="Legal\nFinance"),
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Enter the report title" in page
    assert "My &lt;i&gt;careful&lt;/i&gt; discussion</textarea>" in page
    assert "Legal\nFinance</textarea>" in page or "Legal\r\nFinance</textarea>" in page
    assert 'id="risk-analysis"' in page and DEFAULT_RISKS[0][0] in page
    assert AgendaItem.get_by_id(report.id).discussion == "First point.\n\nSecond point."


def test_before_the_report_is_saved_there_are_no_rows_to_change(client, clerk, a_and_p):
    page = client.get(_url(a_and_p, "report")).get_data(as_text=True)
    assert "Save the cover report first" in page
    assert client.get(_url(a_and_p, "report/risks/new")).status_code == 404


def test_the_clerk_adds_changes_and_removes_a_risk(client, report, a_and_p):
    assert client.get(_url(a_and_p, "report/risks/new")).status_code == 200
    response = client.post(_url(a_and_p, "report/risks/new"), data=_risk())
    assert response.status_code == 302 and response.headers["Location"].endswith("/report#risk-analysis")
    added = RiskRow.get(RiskRow.nature == "Staff turnover")
    assert added.position == 3 and added.version == 1
    page = client.get(_url(a_and_p, f"report/risks/{added.id}")).get_data(as_text=True)
    assert "Change a risk" in page and "Monthly review by CMT" in page
    response = client.post(_url(a_and_p, f"report/risks/{added.id}"), data=_risk(version="1", likelihood="Low"))
    assert response.status_code == 302
    assert (RiskRow.get_by_id(added.id).likelihood, RiskRow.get_by_id(added.id).version) == ("Low", 2)
    first = RiskRow.get(RiskRow.item == report, RiskRow.position == 1)
    assert client.post(_url(a_and_p, f"report/risks/{first.id}/remove"), data={"version": "1"}).status_code == 302
    assert _rows(report) == [("Performance targets not appropriate", "Low"), ("Staff turnover", "Low")]
    # Removed twice (a second tab): said so, not an error page.
    again = client.post(_url(a_and_p, f"report/risks/{first.id}/remove"), data={"version": "1"})
    assert again.status_code == 302


def test_a_risk_form_sent_twice_adds_one_row_and_the_next_form_adds_another(client, report, a_and_p):
    new = _url(a_and_p, "report/risks/new")
    form = changed(form_values(client.get(new).get_data(as_text=True), new), **_risk())
    assert client.post(new, data=MultiDict(form)).status_code == 302
    again = client.post(new, data=MultiDict(form), follow_redirects=True)  # a double click without JavaScript
    assert "This risk was added already: the form was sent twice" in again.get_data(as_text=True)
    assert [row.nature for row in RiskRow.select().where(RiskRow.nature == "Staff turnover")] == ["Staff turnover"]
    # Another clerk's different risk in between does not stop this one; a new form adds the same words again.
    form = changed(form_values(client.get(new).get_data(as_text=True), new), **_risk())
    client.post(new, data=_risk(nature="Budget cut"))
    assert client.post(new, data=MultiDict(form)).status_code == 302
    assert RiskRow.select().where(RiskRow.nature == "Staff turnover").count() == 2


def test_a_risk_with_mistakes_keeps_what_was_typed(client, report, a_and_p):
    response = client.post(
        _url(a_and_p, "report/risks/new"), data=_risk(nature="", likelihood="Certain", consequences="Fines <b>")
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Enter nature of risk" in page and "Choose one of the likelihoods listed" in page
    assert "Fines &lt;b&gt;" in page and "Monthly review by CMT" in page
    assert RiskRow.select().where(RiskRow.nature == "").count() == 0
    missing = client.post(_url(a_and_p, "report/risks/new"), data=_risk(likelihood=None))
    assert missing.status_code == 422 and "Choose how likely the risk is" in missing.get_data(as_text=True)


def test_a_risk_someone_else_changed_is_refused_with_both_shown(client, report, a_and_p):
    row = RiskRow.get(RiskRow.item == report, RiskRow.position == 1)
    assert (
        client.post(_url(a_and_p, f"report/risks/{row.id}"), data=_risk(version="1", nature="Theirs")).status_code
        == 302
    )
    stale = client.post(_url(a_and_p, f"report/risks/{row.id}"), data=_risk(version="1", nature="Mine"))
    assert stale.status_code == 409
    page = stale.get_data(as_text=True)
    assert "Someone else changed this risk" in page
    assert "Mine</textarea>" in page and "Theirs" in page
    assert RiskRow.get_by_id(row.id).nature == "Theirs"
    # Sent again as the redrawn form stands (now at the saved version), it saves.
    again = form_values(page, _url(a_and_p, f"report/risks/{row.id}"))
    assert ("version", "2") in again
    assert client.post(_url(a_and_p, f"report/risks/{row.id}"), data=MultiDict(again)).status_code == 302
    assert RiskRow.get_by_id(row.id).nature == "Mine"
    # A remove against an old version is refused with a message.
    assert client.post(_url(a_and_p, f"report/risks/{row.id}/remove"), data={"version": "1"}).status_code == 302
    assert RiskRow.get_or_none(RiskRow.id == row.id) is not None


def test_a_risk_removed_meanwhile_offers_to_add_it_again(client, report, a_and_p):
    row = RiskRow.get(RiskRow.item == report, RiskRow.position == 1)
    RiskRow.delete().where(RiskRow.id == row.id).execute()
    response = client.post(_url(a_and_p, f"report/risks/{row.id}"), data=_risk(version="1", nature="Kept words"))
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Someone else removed this risk" in page and "Kept words" in page
    assert f'action="{_url(a_and_p, "report/risks/new")}"' in page


def test_a_risk_removed_and_another_added_meanwhile_is_not_overwritten_by_the_old_form(client, report, a_and_p):
    """The last row removed, and a row added after it: the new row has an id of its own (schema step 16), so a
    form drawn before the removal neither saves over it nor removes it."""
    last = RiskRow.select().where(RiskRow.item == report).order_by(RiskRow.id.desc()).get()
    assert client.post(_url(a_and_p, f"report/risks/{last.id}/remove"), data={"version": "1"}).status_code == 302
    assert (
        client.post(_url(a_and_p, "report/risks/new"), data=_risk(nature="Added by another clerk")).status_code == 302
    )
    added = RiskRow.get(RiskRow.nature == "Added by another clerk")
    assert added.id != last.id

    stale = client.post(_url(a_and_p, f"report/risks/{last.id}"), data=_risk(version="1", nature="The old form"))
    assert stale.status_code == 409 and "Someone else removed this risk" in stale.get_data(as_text=True)
    client.post(_url(a_and_p, f"report/risks/{last.id}/remove"), data={"version": "1"})
    assert RiskRow.get_by_id(added.id).nature == "Added by another clerk"


def test_published_papers_refuse_every_change_to_the_risks(client, report, a_and_p):
    row = RiskRow.get(RiskRow.item == report, RiskRow.position == 1)
    AgendaItem.update(published_at=utcnow()).where(AgendaItem.id == report.id).execute()
    for path, data in (
        ("report/risks/new", _risk()),
        (f"report/risks/{row.id}", _risk(version="1", nature="Changed")),
        (f"report/risks/{row.id}/remove", {"version": "1"}),
    ):
        response = client.post(_url(a_and_p, path), data=data)
        assert response.status_code == 302 and response.headers["Location"].endswith(_url(a_and_p))
    assert RiskRow.get_by_id(row.id).nature == DEFAULT_RISKS[0][0]
    assert RiskRow.select().where(RiskRow.item == report).count() == 2


def test_only_a_clerk_changes_the_risks(client, a_and_p, login_as):
    AgendaItem.create(meeting=a_and_p)
    login_as("cmt")
    assert client.get(_url(a_and_p, "report/risks/new")).status_code == 403
    assert client.post(_url(a_and_p, "report/risks/new"), data=_risk()).status_code == 403


def test_the_downloaded_papers_print_the_risks_discussion_and_lists(client, report, a_and_p):
    client.post(_url(a_and_p, "report/risks/new"), data=_risk())
    document = Document(io.BytesIO(client.get(_url(a_and_p, "download")).data))
    table = table_after(document, "9 Risk Analysis")
    assert table_texts(table)[0] == list(RISK_COLUMNS)
    assert [row[0] for row in table_texts(table)[1:]] == [DEFAULT_RISKS[0][0], DEFAULT_RISKS[1][0], "Staff turnover"]
    body = texts(document)
    discussion = body.index("6 Discussion")
    assert body[discussion + 1 : discussion + 3] == ["6.1\tFirst point.", "6.2\tSecond point."]
    consultees = body.index("14 Consultees")
    assert body[consultees + 1 : consultees + 3] == ["Director of Resources", "Corporate Management Team"]


HTMX = {"HX-Request": "true"}


def test_with_htmx_a_risk_is_changed_in_place(client, report, a_and_p):
    """docs/architecture.md#pages-and-htmx-fragments: each URL answers the whole page, or for htmx its fragment."""
    row = RiskRow.get(RiskRow.item == report, RiskRow.position == 1)
    for path in ("report/risks/new", f"report/risks/{row.id}"):
        page = client.get(_url(a_and_p, path)).get_data(as_text=True)
        fragment = client.get(_url(a_and_p, path), headers=HTMX).get_data(as_text=True)
        assert "<html" in page and 'id="risk-form"' in page and "<h1" in page
        assert "<html" not in fragment and fragment.lstrip().startswith('<div id="risk-form"')
    table = client.get(_url(a_and_p, "report/risks"), headers=HTMX)
    assert table.status_code == 200 and table.get_data(as_text=True).lstrip().startswith('<section id="risk-analysis"')
    assert client.get(_url(a_and_p, "report/risks")).status_code == 302  # without JavaScript: the cover report

    saved = client.post(_url(a_and_p, f"report/risks/{row.id}"), data=_risk(version="1", nature="Mine"), headers=HTMX)
    body = saved.get_data(as_text=True)
    assert saved.status_code == 200 and body.lstrip().startswith('<section id="risk-analysis"')
    assert "Mine" in body and 'role="status">Risk saved.' in body

    wrong = client.post(_url(a_and_p, "report/risks/new"), data=_risk(nature="", consequences="Kept"), headers=HTMX)
    assert wrong.status_code == 422 and wrong.headers["HX-Retarget"] == "#risk-form"
    assert "Enter nature of risk" in wrong.get_data(as_text=True) and "Kept</textarea>" in wrong.get_data(as_text=True)

    stale = client.post(_url(a_and_p, f"report/risks/{row.id}"), data=_risk(version="1", nature="Late"), headers=HTMX)
    assert stale.status_code == 409 and "Someone else changed this risk" in stale.get_data(as_text=True)

    refused = client.post(_url(a_and_p, f"report/risks/{row.id}/remove"), data={"version": "1"}, headers=HTMX)
    assert refused.status_code == 409 and "That risk was not removed" in refused.get_data(as_text=True)
    removed = client.post(_url(a_and_p, f"report/risks/{row.id}/remove"), data={"version": "2"}, headers=HTMX)
    assert removed.status_code == 200 and "Risk removed" in removed.get_data(as_text=True)
    assert RiskRow.get_or_none(RiskRow.id == row.id) is None


def test_the_papers_keep_the_clerks_line_breaks_and_say_report_of_once(client, clerk, a_and_p):
    typed = _report(report_of="The Head of Performance", purpose="• Bullet one\r\n• Bullet two\r\n\r\nThen this.")
    assert client.post(_url(a_and_p, "report"), data=typed).status_code == 302
    body = texts(Document(io.BytesIO(client.get(_url(a_and_p, "download")).data)))
    assert "Report of the Head of Performance" in body
    start = body.index("1 Purpose of Report")
    assert body[start + 1 : start + 3] == ["1.1\t• Bullet one\n• Bullet two", "1.2\tThen this."]
