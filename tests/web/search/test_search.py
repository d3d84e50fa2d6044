"""Search (docs/search.md): the header's box finds PIs, plans and meetings by their words, never a plan its
reader may not open, and the index follows every change saved and none rolled back (in the change's own
transaction on SQLite; on PostgreSQL the change notes its plan, which the next search indexes)."""

import re
import sqlite3
from datetime import UTC, date, datetime

import psycopg2
import pytest
from werkzeug.datastructures import MultiDict

from tests.web.conftest import present, the_committee
from tests.web.page_forms import changed, form_values
from tests.web.pips.test_json_cli import export, full_pip, import_, runner  # noqa: F401 (fixtures)
from webapp.core.db import is_sqlite
from webapp.domain.bodies import BodyKind
from webapp.domain.merge import Base
from webapp.domain.pips import PipStatus
from webapp.models import Body, Factor, Indicator, Meeting, database
from webapp.pips import edits
from webapp.search.index import CHANGED, NOTES_LOCK, index_all_plans, index_changed_plans, index_plan


def results(client, q, **args):
    response = client.get("/search/", query_string={"q": q, **args})
    assert response.status_code == 200, response.get_data(as_text=True)[:2000]
    return response.get_data(as_text=True)


def found(html):
    """The links of the results on a search page, in their order."""
    listed = html.split('class="govuk-list app-search-results"', 1)
    return (
        re.findall(r'<a class="govuk-link govuk-!-font-weight-bold" href="([^"]+)"', listed[1])
        if len(listed) > 1
        else []
    )


@pytest.fixture
def live_plan(make_pip, make_user):
    """A Live plan, its text written through the plan's one write path as a person would."""

    def make(service=None, factors=(), progress=(), status=PipStatus.LIVE):
        pip = make_pip(service=service, status=status)
        user = make_user("performance")
        for text in factors:
            edits.add_factor(pip.id, user, "external", "temporary", text)
        for text in progress:
            edits.add_progress(pip.id, user, date(2026, 10, 10), text, None)
        return pip

    return make


def test_a_plan_is_found_by_a_word_in_one_of_its_factors(client, login_as, live_plan):
    pip = live_plan(factors=["Drivers off sick through the norovirus outbreak"])
    live_plan(factors=["Snow closed the depot"])
    login_as("performance")
    html = results(client, "norovirus")
    assert found(html) == [f"/pips/{pip.id}"]
    assert '<mark class="app-search-match">norovirus</mark>' in html
    assert "1 result" in html


def test_a_factor_added_through_the_page_is_found(client, login_as, make_pip):
    pip = make_pip()
    login_as("performance")
    page = client.get(f"/pips/{pip.id}/factors/new?kind=external").get_data(as_text=True)
    values = changed(
        form_values(page, f"/pips/{pip.id}/factors"), duration="temporary", description="Potholes on the rounds"
    )
    response = client.post(f"/pips/{pip.id}/factors", data=MultiDict(values))
    assert response.status_code == 302, response.get_data(as_text=True)[:1000]
    assert found(results(client, "potholes")) == [f"/pips/{pip.id}"]


def test_a_plan_is_found_by_a_progress_comment_and_words_are_stemmed(client, login_as, live_plan):
    pip = live_plan(progress=["Two new crews recruited in October"])
    login_as("cmt")
    assert found(results(client, "recruiting crew")) == [f"/pips/{pip.id}"]


@pytest.mark.parametrize(
    "written, searched",
    [("Café closed for the refit", "cafe"), ("Cafe closed for the refit", "café"), ("Tŷ Coch depot flooded", "ty")],
)
def test_accents_do_not_matter_on_either_engine(client, login_as, live_plan, written, searched):
    pip = live_plan(factors=[written])
    live_plan(factors=["Snow closed the depot"])
    login_as("performance")
    html = results(client, searched)
    assert found(html) == [f"/pips/{pip.id}"]
    word = written.split()[0]
    assert f'<mark class="app-search-match">{word}</mark>' in html  # marked as it is written


def test_a_pi_is_found_by_its_code_and_by_its_name(client, login_as, make_indicator):
    indicator = make_indicator(code="WAS-07", name="Fly-tipping incidents cleared within two days")
    login_as("member")
    index = f"/indicators/{indicator.id}"
    # Made without the register's form, so indexed here as the form would.
    from webapp.search.index import index_indicator

    index_indicator(indicator.id)
    assert found(results(client, "WAS-07")) == [index]
    assert found(results(client, "was-07")) == [index]
    assert found(results(client, "fly-tipping")) == [index]


def test_a_pi_added_and_edited_through_the_register_is_found(client, login_as, make_service):
    service = make_service()
    login_as("performance")
    form = {
        "code": "LIB12",
        "name": "Library visits per head",
        "description": "",
        "service": str(service.id),
        "polarity": "higher_is_better",
        "unit": "number",
        "decimal_places": "1",
        "frequency": "monthly",
        "level": "service",
        "tolerance": "5",
        "tolerance_kind": "relative",
    }
    response = client.post("/indicators/new", data=form)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    href = response.headers["Location"]
    assert found(results(client, "LIB12")) == [href]
    page = client.get(f"{href}/edit").get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)
    client.post(f"{href}/edit", data={**form, "name": "Library loans per head", "version": version})
    assert found(results(client, "loans")) == [href]
    assert found(results(client, "visits")) == []


def test_a_meeting_is_found_by_its_body_title_and_day(client, login_as):
    body = Body.create(name="Overview and Scrutiny Committee", kind=BodyKind.POLICY_COMMITTEE)
    login_as("clerk")
    response = client.post(
        "/meetings/new",
        data={"body": str(body.id), "date-day": "10", "date-month": "12", "date-year": "2026", "title": "Budget"},
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    href = response.headers["Location"]
    for q in ("scrutiny", "budget", "10 December 2026", "2026-12-10", "December"):
        assert found(results(client, q)) == [href], q
    # The body renamed: its meetings are found by the new name.
    client.post(f"/meetings/bodies/{body.id}/edit", data={"name": "Resources Committee", "kind": "policy_committee"})
    assert found(results(client, "resources")) == [href]
    assert found(results(client, "scrutiny")) == []


def test_a_member_never_finds_a_plan_not_presented_to_them(client, login_as, live_plan):
    hidden = live_plan(factors=["Vehicle breakdowns on the eastern round"])
    shown = present(live_plan(factors=["Vehicle breakdowns on the western round"]))
    login_as("member", committees=[the_committee()])
    assert found(results(client, "vehicle breakdowns")) == [f"/pips/{shown.id}"]
    assert f"/pips/{hidden.id}" not in results(client, "eastern")


def test_a_head_of_service_never_finds_another_services_draft(client, login_as, live_plan, make_service):
    mine, theirs = make_service(), make_service()
    my_draft = live_plan(service=mine, factors=["Agency staff cost overruns"], status=PipStatus.DRAFT)
    their_draft = live_plan(service=theirs, factors=["Agency staff shortages"], status=PipStatus.DRAFT)
    login_as("hos", services=[mine])
    html = results(client, "agency staff")
    assert f"/pips/{my_draft.id}" in found(html)
    assert f"/pips/{their_draft.id}" not in found(html)
    assert found(results(client, "shortages")) == []


def test_an_administrator_finds_pis_and_meetings_but_no_plans(client, login_as, live_plan):
    pip = live_plan(factors=["Recycling contamination"])
    login_as("admin")
    assert found(results(client, "recycling")) == []
    assert f"/pips/{pip.id}" not in results(client, pip.pi_code)


def test_the_index_follows_an_edit_and_a_removal(client, login_as, live_plan, make_user):
    pip = live_plan(factors=["Heavy snowfall in January"])
    user = make_user("performance")
    factor = Factor.get(Factor.pip == pip.id)
    values = edits.factor_values(factor)
    edits.save_factor(pip.id, factor.id, user, None, {**values, "description": "Flooding in February"})
    login_as("performance")
    assert found(results(client, "snowfall")) == []
    assert found(results(client, "flooding")) == [f"/pips/{pip.id}"]
    edits.remove_factor(pip.id, factor.id, user, Base(None, None))
    assert found(results(client, "flooding")) == []
    assert found(results(client, pip.pi_code)) == [f"/pips/{pip.id}"]


def test_the_index_follows_a_rolled_back_change(client, login_as, live_plan, make_user):
    pip = live_plan()
    user = make_user("performance")

    class Abandoned(Exception):
        pass

    with pytest.raises(Abandoned), database.atomic():
        edits.add_factor(pip.id, user, "external", "temporary", "Kerbside glass trial")
        raise Abandoned
    login_as("performance")
    assert found(results(client, "kerbside")) == []
    # Written and rolled back inside the write path itself (a conflict): nothing found either.
    Factor.create(pip=pip, ref="E9", kind="external", duration="temporary", description="Bulky waste")
    with pytest.raises(Abandoned), database.atomic():
        index_plan(pip.id)
        raise Abandoned
    assert found(results(client, "bulky")) == []


@pytest.mark.parametrize(
    "q",
    [
        '"',
        '""',
        "'",
        'snow"',
        "AND",
        "OR NOT",
        "NEAR(snow ice, 2)",
        "snow NEAR ice",
        "*",
        "sno*",
        "^snow",
        "title:snow",
        "body : snow",
        "(snow",
        "snow)",
        "-snow",
        "snow & ice | !rain <-> hail",
        "a:* & b",
        "\\",
        "%",
        "_",
        "; DROP TABLE pip; --",
        "<script>alert(1)</script>",
        "Ærøskøbing naïve café 東京 🙂",
        "\u202e\u0000\ufffe",
        "x" * 200,
        "word " * 39,
    ],
)
def test_hostile_input_gives_results_or_an_empty_page_never_an_error(client, login_as, live_plan, q):
    live_plan(factors=["Snow and ice on the <script> rounds"])
    login_as("performance")
    response = client.get("/search/", query_string={"q": q})
    assert response.status_code == 200, response.get_data(as_text=True)[:2000]
    html = response.get_data(as_text=True)
    assert "<script>alert" not in html and "<script> rounds" not in html


def test_text_is_escaped_and_only_the_match_is_marked(client, login_as, live_plan):
    live_plan(factors=['Bins <b onclick="x">left</b> & not "collected"'])
    login_as("performance")
    html = results(client, "bins")
    assert '<b onclick="x">' not in html and "<b>" not in html
    assert "&amp; not &#34;collected" in html
    if is_sqlite(database):  # PostgreSQL's snippets leave out what looks like a tag (docs/search.md#snippets)
        assert "&lt;b onclick=&#34;x&#34;&gt;left&lt;/b&gt; &amp; not &#34;collected&#34;" in html
    assert '<mark class="app-search-match">Bins</mark>' in html


def test_an_empty_query_and_no_results_say_so(client, login_as):
    login_as("performance")
    assert "Type a word or two to find PIs, plans and meetings" in results(client, "")
    assert "Type a word or two to find PIs, plans and meetings" in client.get("/search/").get_data(as_text=True)
    assert "has no words to find" in results(client, "*** ???")
    html = results(client, "zebra crossings")
    assert "No results" in html and "Nothing you can see matches zebra crossings" in html


def test_a_query_too_long_is_refused_with_a_message(client, login_as):
    login_as("performance")
    response = client.get("/search/", query_string={"q": "x" * 201})
    assert response.status_code == 422
    assert "Search must be 200 characters or fewer" in response.get_data(as_text=True)


def test_results_are_ranked_and_paged(client, login_as, live_plan, make_indicator):
    in_title = make_indicator(code="GRIT1", name="Gritting routes treated")
    from webapp.search.index import index_indicator

    index_indicator(in_title.id)
    plans = [live_plan(factors=[f"Gritting lorry {n} off the road"]) for n in range(22)]
    login_as("performance")
    first = results(client, "gritting")
    assert "23 results (1 to 20 shown)" in first
    assert found(first)[0] == f"/indicators/{in_title.id}"  # a word in the title counts more
    second = results(client, "gritting", page=2)
    assert "(21 to 23 shown)" in second and len(found(second)) == 3
    everything = found(first) + found(second)
    assert sorted(everything) == sorted([f"/indicators/{in_title.id}"] + [f"/pips/{p.id}" for p in plans])
    assert found(results(client, "gritting", page=99)) == found(second)  # past the end: the last page


def test_the_header_has_a_labelled_search_box_that_works_without_javascript(client, login_as):
    login_as("member")
    html = client.get("/indicators/").get_data(as_text=True)
    form = re.search(r'<form method="get" action="/search/" role="search"[^>]*>(.*?)</form>', html, re.S).group(1)
    assert '<label class="govuk-label app-header-search__label" for="app-header-search">' in form
    assert 'id="app-header-search" name="q"' in form and 'type="submit"' in form


def test_search_needs_signing_in(client):
    response = client.get("/search/", query_string={"q": "snow"})
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]


def test_a_plan_imported_from_pip_v1_is_found_with_its_new_pi_and_meeting(runner, full_pip, tmp_path, client, login_as):  # noqa: F811
    document, _ = export(runner, full_pip.id, tmp_path)
    document["indicator"]["code"] = "NEW01"
    document["factors"][0]["description"] = "A blizzard closed the depot"
    document["management_comments"][1]["meeting"]["date"] = "2026-10-21"  # a meeting not yet recorded
    result = import_(runner, document, tmp_path, "--create-indicators")
    assert result.exit_code == 0, result.output
    new_id = int(result.output.strip())
    login_as("performance")
    assert found(results(client, "blizzard")) == [f"/pips/{new_id}"]
    indicator = Indicator.get(Indicator.code == "NEW01")
    assert sorted(found(results(client, "NEW01"))) == sorted([f"/indicators/{indicator.id}", f"/pips/{new_id}"])
    meeting = Meeting.get(Meeting.date == date(2026, 10, 21))
    assert found(results(client, "21 October 2026")) == [f"/meetings/{meeting.id}"]


# ---------------------------------------------------------------- many matches: the newest ranked (issue 11, budget)


@pytest.fixture
def three_candidates(monkeypatch):
    """Rank at most the newest 3 matches of each kind, as a search of a common word over thousands ranks 200."""
    import webapp.search.query

    monkeypatch.setattr(webapp.search.query, "CANDIDATES", 3)


def test_past_the_candidates_the_best_of_the_newest_are_shown_and_said(client, login_as, live_plan, three_candidates):
    plans = [live_plan(factors=[f"Salting lorry {n} off the road"]) for n in range(5)]
    login_as("performance")
    html = results(client, "salting")
    assert found(html) == [f"/pips/{p.id}" for p in plans[2:]]  # the newest 3, ranked (equal: by id)
    assert "More than 3 results" in html
    assert "Showing the best of the newest 3 matches of each kind (PIs, plans and meetings)" in html
    assert "app-search-capped" not in results(client, "lorry 4")  # one match: nothing left out


def test_each_kind_has_its_own_candidates_and_the_title_still_counts_more(
    client, login_as, live_plan, make_indicator, three_candidates
):
    from webapp.search.index import index_indicator

    pi = make_indicator(code="SALT1", name="Salting routes treated")
    index_indicator(pi.id)
    plans = [live_plan(factors=[f"Salting lorry {n} off the road"]) for n in range(5)]
    login_as("performance")
    listed = found(results(client, "salting"))
    assert listed[0] == f"/indicators/{pi.id}"  # a PI older than every plan, ranked first by its title
    assert listed[1:] == [f"/pips/{p.id}" for p in plans[2:]]


def test_the_candidates_are_only_plans_the_person_may_read(client, login_as, live_plan, make_service, three_candidates):
    mine, theirs = make_service(), make_service()
    readable = [live_plan(service=mine, factors=["Grit bins empty"], status=PipStatus.DRAFT) for _ in range(2)]
    hidden = [live_plan(service=theirs, factors=["Grit bins empty"], status=PipStatus.DRAFT) for _ in range(4)]
    login_as("hos", services=[mine])
    html = results(client, "grit bins")
    assert sorted(found(html)) == sorted(f"/pips/{p.id}" for p in readable)  # the newest 4 are not theirs to read
    assert "More than" not in html and "2 results" in html
    assert not any(f"/pips/{p.id}" in html for p in hidden)


def test_a_page_past_the_candidates_shows_the_last_page_of_them(client, login_as, live_plan, three_candidates):
    plans = [live_plan(factors=[f"Salting lorry {n} off the road"]) for n in range(5)]
    login_as("performance")
    html = results(client, "salting", page=9)
    assert found(html) == [f"/pips/{p.id}" for p in plans[2:]] and "More than 3 results" in html


def _another_person(database_url):
    """A connection of its own to the database, as another worker's: (connection, placeholder)."""
    if database_url.startswith("sqlite:///"):
        connection = sqlite3.connect(database_url.removeprefix("sqlite:///"), isolation_level=None)
        connection.execute("BEGIN IMMEDIATE")
        return connection, "?"
    connection = psycopg2.connect(database_url)
    return connection, "%s"


def test_a_change_saved_while_a_search_runs_is_found_by_the_next(client, login_as, live_plan, make_user, database_url):
    """Another worker's change not yet committed is not found; once committed, the next search finds it. On
    PostgreSQL the first search indexes the plans changed before it and leaves this change's note for the next
    (docs/search.md#the-index); on SQLite the trigger wrote the row in the change's own transaction."""
    pip = live_plan(factors=["Staff turnover"])
    user = make_user("performance")
    login_as("performance")
    connection, p = _another_person(database_url)
    cursor = connection.cursor()
    cursor.execute(
        f"INSERT INTO factor (pip_id, ref, kind, duration, description) VALUES ({p}, 'E9', 'external', "
        f"'temporary', 'Bridge closure on the ring road')",
        (pip.id,),
    )
    # As every change does (webapp/pips/changes.py): the plan's version raised, its history lines of that version.
    cursor.execute(f"UPDATE pip SET version = version + 1 WHERE id = {p}", (pip.id,))
    cursor.execute(f"SELECT version FROM pip WHERE id = {p}", (pip.id,))
    (version,) = cursor.fetchone()
    cursor.execute(
        "INSERT INTO pip_change (pip_id, changed_by_id, changed_at, version, subject, what, before, after) "
        f"VALUES ({p}, {p}, {p}, {p}, 'factor', 'Factor E9 added', '', 'Bridge closure on the ring road')",
        (pip.id, user.id, datetime.now(UTC).isoformat(), version),
    )
    assert found(results(client, "bridge")) == []
    assert found(results(client, "turnover")) == [f"/pips/{pip.id}"]
    connection.commit()
    connection.close()
    assert found(results(client, "bridge")) == [f"/pips/{pip.id}"]
    assert found(results(client, "turnover")) == [f"/pips/{pip.id}"]
    if not is_sqlite(database):  # every note taken, once
        assert database.execute_sql(f"SELECT count(*) FROM {CHANGED}").fetchone() == (0,)


def test_one_search_at_a_time_takes_the_notes_of_changed_plans(client, login_as, live_plan):
    """PostgreSQL: the statement that indexes the plans changed holds an advisory lock to its transaction's end, so
    a second search waits for the first rather than each waiting for a plan's row the other wrote. SQLite has no
    notes: its trigger indexed the plan at once."""
    pip = live_plan(factors=["Depot roof repairs"])
    if not is_sqlite(database):
        held = (
            f"SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = {NOTES_LOCK} "
            "AND pid = pg_backend_pid() AND granted"
        )
        with database.atomic():
            assert database.execute_sql(held).fetchone() == (0,)
            index_changed_plans()
            assert database.execute_sql(held).fetchone() == (1,)
            assert database.execute_sql(f"SELECT count(*) FROM {CHANGED}").fetchone() == (0,)
        assert database.execute_sql(held).fetchone() == (0,)  # let go with the transaction
    login_as("performance")
    assert found(results(client, "roof")) == [f"/pips/{pip.id}"]


def test_indexing_every_plan_takes_the_notes_of_those_changed(client, login_as, live_plan):
    """PostgreSQL: writing every plan's row (a schema step, the demo data) takes the notes its changes left, so the
    next search has none to write again; the plans are found all the same."""
    pips = [live_plan(factors=[f"Depot {word} repairs"]) for word in ("roof", "gate")]
    if not is_sqlite(database):
        assert database.execute_sql(f"SELECT count(*) FROM {CHANGED}").fetchone()[0] >= len(pips)
    index_all_plans()
    if not is_sqlite(database):
        assert database.execute_sql(f"SELECT count(*) FROM {CHANGED}").fetchone() == (0,)
    login_as("performance")
    assert found(results(client, "roof")) == [f"/pips/{pips[0].id}"]
    assert sorted(found(results(client, "depot"))) == sorted(f"/pips/{pip.id}" for pip in pips)
