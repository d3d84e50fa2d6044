"""Section 6 Progress Tracking: entries with the PI Score prefilled from the register, the next update
due date and the Overdue tag (docs/plans.md#the-plan Section 6, §4)."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest

from tests.querycount import count_queries
from tests.web.conftest import present, the_committee
from webapp.domain.periods import Frequency, latest_period_end
from webapp.domain.pips import PipStatus
from webapp.models import Pip, PipChange, ProgressUpdate

TODAY = date.today()
MONTH_END = latest_period_end(Frequency.MONTHLY, TODAY)
PREVIOUS_MONTH_END = latest_period_end(Frequency.MONTHLY, MONTH_END - timedelta(days=1))
QUARTER_END = latest_period_end(Frequency.QUARTERLY, TODAY)
PREVIOUS_QUARTER_END = latest_period_end(Frequency.QUARTERLY, QUARTER_END - timedelta(days=1))


def uk(day):
    return f"{day:%-d %B %Y}"


def date_parts(day):
    return {"made_on-day": str(day.day), "made_on-month": str(day.month), "made_on-year": str(day.year)}


def entry_data(pip, day=TODAY, comment="Agency drivers started.", score="", prefilled="", **extra):
    return {
        "version": pip.version,
        **date_parts(day),
        "comment": comment,
        "score": score,
        "prefilled": prefilled,
        **extra,
    }


def section_6(html):
    start = html.index('<section id="section-6"')
    return html[start : html.index("</section>", start)]


@pytest.fixture
def live_plan(make_pip, make_indicator):
    """A Live plan for a new PI with the given register scores, live since `went_live_on`."""

    def make(frequency=Frequency.MONTHLY, scores=(), went_live_on=TODAY - timedelta(days=200), service=None):
        indicator = make_indicator(service=service, frequency=frequency, target=98.0, scores=scores)
        pip = make_pip(indicator=indicator, status=PipStatus.LIVE)
        Pip.update(went_live_on=went_live_on).where(Pip.id == pip.id).execute()
        return Pip.get_by_id(pip.id)

    return make


@pytest.mark.parametrize(
    "frequency, period, earlier",
    [
        (Frequency.MONTHLY, MONTH_END, PREVIOUS_MONTH_END),
        (Frequency.QUARTERLY, QUARTER_END, PREVIOUS_QUARTER_END),
    ],
)
def test_the_form_prefills_the_register_score_for_the_period_of_its_date(
    client, login_as, live_plan, frequency, period, earlier
):
    login_as("performance")
    pip = live_plan(frequency, scores=[(period, 93.4), (earlier, 91.0)])
    html = client.get(f"/pips/{pip.id}/progress/new").get_data(as_text=True)
    assert 'value="93.4"' in html and f"Register score for {uk(period)}: 93.4%" in html
    html = client.get(f"/pips/{pip.id}/progress/new?made_on={earlier.isoformat()}").get_data(as_text=True)
    assert 'value="91"' in html and f"Register score for {uk(earlier)}: 91.0%" in html
    response = client.post(f"/pips/{pip.id}/progress", data=entry_data(pip, score="93.4", prefilled="93.4"))
    assert response.status_code == 302
    entry = ProgressUpdate.get()
    assert (entry.made_on, entry.score, entry.final) == (TODAY, Decimal("93.4"), False)


@pytest.mark.parametrize(
    "frequency, day, value",
    [
        (Frequency.MONTHLY, MONTH_END, 93.4),
        (Frequency.QUARTERLY, QUARTER_END + timedelta(days=1) if QUARTER_END < TODAY else QUARTER_END, 88.0),
    ],
)
def test_a_blank_score_is_filled_from_the_register_when_it_has_that_period(
    client, login_as, live_plan, frequency, day, value
):
    login_as("performance")
    pip = live_plan(frequency, scores=[(latest_period_end(frequency, day), value)])
    assert client.post(f"/pips/{pip.id}/progress", data=entry_data(pip, day=day)).status_code == 302
    assert ProgressUpdate.get().score == Decimal(str(value))


def test_a_typed_score_is_kept(client, login_as, live_plan):
    login_as("performance")
    pip = live_plan(scores=[(MONTH_END, 93.4)])
    client.post(f"/pips/{pip.id}/progress", data=entry_data(pip, score="95.5%", prefilled="93.4"))
    assert ProgressUpdate.get().score == 95.5


def test_a_period_with_no_register_score_stays_blank(client, login_as, live_plan):
    login_as("performance")
    pip = live_plan(scores=[(PREVIOUS_MONTH_END, 91.0)])
    html = client.get(f"/pips/{pip.id}/progress/new").get_data(as_text=True)
    assert f"The PI register has no score for {uk(MONTH_END)}" in html
    client.post(f"/pips/{pip.id}/progress", data=entry_data(pip))
    assert ProgressUpdate.get().score is None
    html = client.get(f"/pips/{pip.id}").get_data(as_text=True)
    assert "Not given" in section_6(html)


def test_changing_only_the_date_saves_that_periods_register_score(client, login_as, live_plan):
    """JavaScript off: the score left as prefilled follows the date that was saved."""
    login_as("performance")
    pip = live_plan(scores=[(MONTH_END, 93.4), (PREVIOUS_MONTH_END, 91.0)])
    client.post(
        f"/pips/{pip.id}/progress", data=entry_data(pip, day=PREVIOUS_MONTH_END, score="93.4", prefilled="93.4")
    )
    assert ProgressUpdate.get().score == 91.0


def test_htmx_redraws_the_score_for_a_changed_date_and_keeps_a_typed_one(client, login_as, live_plan):
    login_as("performance")
    pip = live_plan(scores=[(MONTH_END, 93.4), (PREVIOUS_MONTH_END, 91.0)])
    query = "&".join(f"{k}={v}" for k, v in date_parts(PREVIOUS_MONTH_END).items())
    response = client.htmx("get", f"/pips/{pip.id}/progress/new?{query}&score=93.4&prefilled=93.4")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in html
    assert 'id="progress-score-new"' in html and 'value="91"' in html
    assert f"Register score for {uk(PREVIOUS_MONTH_END)}: 91.0%" in html
    html = client.htmx("get", f"/pips/{pip.id}/progress/new?{query}&score=80&prefilled=93.4").get_data(as_text=True)
    assert 'name="score" type="text" inputmode="decimal" spellcheck="false" value="80"' in html
    assert ProgressUpdate.select().count() == 0


@pytest.mark.parametrize(
    "day, message",
    [
        (TODAY + timedelta(days=1), "Date must be today or in the past"),
        (TODAY - timedelta(days=201), "when the plan went live"),
        ({"made_on-day": "31", "made_on-month": "2", "made_on-year": "2026"}, "Date must be a real date"),
        ({"made_on-day": "", "made_on-month": "", "made_on-year": ""}, "Enter the date of the progress update"),
    ],
)
def test_dates_are_checked_with_the_input_kept_and_nothing_saved(client, login_as, live_plan, day, message):
    login_as("performance")
    pip = live_plan()
    data = entry_data(pip, comment="Kept words", score="12")
    data.update(day if isinstance(day, dict) else date_parts(day))
    response = client.post(f"/pips/{pip.id}/progress", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "There is a problem" in html and message in html
    assert f'value="{data["made_on-day"]}"' in html and "Kept words" in html and 'value="12"' in html
    assert ProgressUpdate.select().count() == 0


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"comment": ""}, "Enter a comment on progress"),
        ({"comment": "x" * 10_001}, "Comment must be 10,000 characters or fewer"),
        ({"score": "lots"}, "PI Score must be a number"),
    ],
)
def test_comment_and_score_are_checked(client, login_as, live_plan, changes, message):
    login_as("performance")
    pip = live_plan()
    response = client.htmx("post", f"/pips/{pip.id}/progress", data={**entry_data(pip), **changes})
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert response.headers["HX-Retarget"] == "#progress-form-new"
    assert ProgressUpdate.select().count() == 0


def test_a_draft_plan_refuses_progress_updates(client, login_as, make_pip):
    login_as("performance")
    pip = make_pip()
    html = client.get(f"/pips/{pip.id}").get_data(as_text=True)
    assert "Progress updates start when the plan is submitted" in section_6(html)
    assert "Add progress update" not in html
    for response in (
        client.get(f"/pips/{pip.id}/progress/new"),
        client.post(f"/pips/{pip.id}/progress", data=entry_data(pip)),
    ):
        assert response.status_code == 409
        assert "Progress updates start when the plan is submitted" in response.get_data(as_text=True)
    assert ProgressUpdate.select().count() == 0


@pytest.mark.parametrize("status", [PipStatus.COMPLETED, PipStatus.WITHDRAWN])
def test_a_closed_plan_is_read_only(client, login_as, make_pip, status):
    login_as("performance")
    pip = make_pip(status=status)
    entry = ProgressUpdate.create(pip=pip, made_on=date(2026, 10, 31), comment="Before closing", score=90.0)
    html = client.get(f"/pips/{pip.id}").get_data(as_text=True)
    assert "Before closing" in section_6(html) and "Add progress update" not in html and "Change" not in section_6(html)
    assert client.get(f"/pips/{pip.id}/progress/new").status_code == 409
    assert client.post(f"/pips/{pip.id}/progress", data=entry_data(pip)).status_code == 409
    assert client.post(f"/pips/{pip.id}/progress/{entry.id}", data=entry_data(pip, comment="Late")).status_code == 409
    assert client.post(f"/pips/{pip.id}/progress/{entry.id}/remove").status_code == 409
    assert [e.comment for e in ProgressUpdate.select()] == ["Before closing"]


def test_the_final_entry_cannot_be_changed_or_removed(client, login_as, live_plan):
    """A reopened plan keeps the entry that formally completed it."""
    login_as("performance")
    pip = live_plan()
    ordinary = ProgressUpdate.create(pip=pip, made_on=TODAY - timedelta(days=30), comment="Drivers started")
    final = ProgressUpdate.create(pip=pip, made_on=TODAY - timedelta(days=10), comment="Plan completed", final=True)
    html = section_6(client.get(f"/pips/{pip.id}").get_data(as_text=True))
    assert "Final entry: plan completed" in html
    assert f"/progress/{ordinary.id}/edit" in html and f"/progress/{final.id}/edit" not in html
    assert html.index("Drivers started") < html.index("Plan completed")  # oldest first
    for response in (
        client.get(f"/pips/{pip.id}/progress/{final.id}/edit"),
        client.post(f"/pips/{pip.id}/progress/{final.id}", data=entry_data(pip, comment="Rewritten")),
        client.post(f"/pips/{pip.id}/progress/{final.id}/remove"),
    ):
        assert response.status_code == 409
        assert "cannot be changed or removed" in response.get_data(as_text=True)
    assert ProgressUpdate.get_by_id(final.id).comment == "Plan completed"


def test_change_and_remove_an_entry_with_history(client, login_as, live_plan):
    user = login_as("performance")
    pip = live_plan(scores=[(MONTH_END, 93.4)])
    client.post(f"/pips/{pip.id}/progress", data=entry_data(pip, score="93.4", prefilled="93.4"))
    entry = ProgressUpdate.get()
    html = client.get(f"/pips/{pip.id}/progress/{entry.id}/edit").get_data(as_text=True)
    assert "Agency drivers started." in html and 'value="93.4"' in html
    fresh = Pip.get_by_id(pip.id)
    response = client.post(
        f"/pips/{pip.id}/progress/{entry.id}",
        data=entry_data(fresh, comment="Agency drivers on every round", score="94", prefilled="93.4"),
    )
    assert response.status_code == 302
    assert (ProgressUpdate.get_by_id(entry.id).comment, ProgressUpdate.get_by_id(entry.id).score) == (
        "Agency drivers on every round",
        94.0,
    )
    change = PipChange.get(PipChange.what == f"Progress update of {uk(TODAY)}: Comment")
    assert (change.before, change.after, change.changed_by_id) == (
        "Agency drivers started.",
        "Agency drivers on every round",
        user.id,
    )
    score_changes = PipChange.select().where(PipChange.what == f"Progress update of {uk(TODAY)}: PI Score")
    assert [(c.before, c.after) for c in score_changes.order_by(PipChange.id)] == [("", "93.4"), ("93.4", "94")]
    response = client.htmx("post", f"/pips/{pip.id}/progress/{entry.id}/remove")
    assert response.status_code == 200 and "No progress updates yet" in response.get_data(as_text=True)
    assert ProgressUpdate.select().count() == 0
    assert PipChange.get(PipChange.what == f"Removed progress update of {uk(TODAY)}").before == (
        "Agency drivers on every round"
    )
    assert "Removed progress update" in client.get(f"/pips/{pip.id}/history").get_data(as_text=True)


def test_an_entry_of_another_plan_is_not_found(client, login_as, live_plan):
    login_as("performance")
    mine, theirs = live_plan(), live_plan()
    foreign = ProgressUpdate.create(pip=theirs, made_on=TODAY, comment="Theirs")
    assert client.get(f"/pips/{mine.id}/progress/{foreign.id}/edit").status_code == 404
    assert client.post(f"/pips/{mine.id}/progress/{foreign.id}", data=entry_data(mine)).status_code == 404
    assert client.post(f"/pips/{mine.id}/progress/{foreign.id}/remove").status_code == 404
    assert ProgressUpdate.get_by_id(foreign.id).comment == "Theirs"


@pytest.mark.parametrize(
    "frequency, entries, due",
    [
        (Frequency.MONTHLY, [date(2026, 9, 30), date(2026, 10, 31)], "30 November 2026"),
        (Frequency.QUARTERLY, [date(2026, 10, 31)], "31 January 2027"),
        (Frequency.ANNUAL, [date(2026, 10, 31)], "31 January 2027"),
        (Frequency.MONTHLY, [], "5 November 2026"),
        (Frequency.QUARTERLY, [], "5 January 2027"),
    ],
)
def test_next_update_due_is_one_collection_period_after_the_last_entry(
    client, login_as, live_plan, frequency, entries, due
):
    login_as("performance")
    pip = live_plan(frequency, went_live_on=date(2026, 10, 5))
    for day in entries:
        ProgressUpdate.create(pip=pip, made_on=day, comment="Update")
    html = section_6(client.get(f"/pips/{pip.id}").get_data(as_text=True))
    assert f"Next update due: {due}" in html


def test_overdue_when_the_due_date_has_passed(client, login_as, live_plan):
    login_as("performance")
    late, on_time = live_plan(went_live_on=TODAY - timedelta(days=100)), live_plan(went_live_on=TODAY)
    html = client.get(f"/pips/{late.id}").get_data(as_text=True)
    assert 'govuk-tag--red">Overdue</strong>' in section_6(html)
    assert "Overdue" in html[html.index('id="task-6-status"') :]
    html = client.get(f"/pips/{on_time.id}").get_data(as_text=True)
    assert "Overdue" not in html
    # An update brings the late plan back in time, and the task list says so out of band.
    response = client.htmx("post", f"/pips/{late.id}/progress", data=entry_data(late))
    html = response.get_data(as_text=True)
    assert "Overdue" not in html and "In progress" in html and 'id="task-list" hx-swap-oob="true"' in html


def _second_client(app, make_user, role="performance"):
    other = app.test_client()
    user = make_user(role, committees=[the_committee()] if role == "member" else [])
    other.post("/sign-in", data={"email": user.email, "password": "correct horse battery staple"})
    other.refresh_csrf("/")
    return other


def test_two_people_adding_entries_at_once_never_conflict(app, client, login_as, live_plan, make_user):
    login_as("performance")
    pip = live_plan()
    other = _second_client(app, make_user)
    both = entry_data(pip)  # both forms drawn from the same version
    assert other.post(f"/pips/{pip.id}/progress", data={**both, "comment": "Theirs"}).status_code == 302
    assert client.htmx("post", f"/pips/{pip.id}/progress", data={**both, "comment": "Mine"}).status_code == 200
    assert sorted(e.comment for e in ProgressUpdate.select()) == ["Mine", "Theirs"]


def test_two_people_changing_the_same_entry_never_overwrite_each_other(app, client, login_as, live_plan, make_user):
    login_as("performance")
    pip = live_plan()
    entry = ProgressUpdate.create(pip=pip, made_on=TODAY, comment="Original")
    other = _second_client(app, make_user)
    stale = entry_data(pip)
    assert other.post(f"/pips/{pip.id}/progress/{entry.id}", data={**stale, "comment": "Theirs"}).status_code == 302
    response = client.htmx("post", f"/pips/{pip.id}/progress/{entry.id}", data={**stale, "comment": "Mine"})
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Someone else changed this" in html and "Comment" in html and "Mine" in html
    assert response.headers["HX-Retarget"] == f"#progress-form-{entry.id}"
    assert ProgressUpdate.get_by_id(entry.id).comment == "Theirs"


def test_who_may_add_progress(app, client, login_as, live_plan, make_user):
    user = login_as("hos")
    own = present(live_plan(service=next(iter(user.service_rows)).service))
    other = live_plan()
    assert client.post(f"/pips/{own.id}/progress", data=entry_data(own)).status_code == 302
    assert client.get(f"/pips/{other.id}/progress/new").status_code == 403
    assert client.post(f"/pips/{other.id}/progress", data=entry_data(other)).status_code == 403
    for role in ("cmt", "clerk", "member"):
        reader = _second_client(app, make_user, role)
        assert reader.post(f"/pips/{own.id}/progress", data=entry_data(own)).status_code == 403, role
        page = reader.get(f"/pips/{own.id}")
        assert page.status_code == 200 and "Add progress update" not in page.get_data(as_text=True), role
    assert ProgressUpdate.select().count() == 1


def test_anonymous_users_are_sent_to_sign_in(client, live_plan):
    pip = live_plan()
    for response in (
        client.get(f"/pips/{pip.id}/progress/new"),
        client.post(f"/pips/{pip.id}/progress", data=entry_data(pip)),
    ):
        assert response.status_code == 302 and response.headers["Location"].startswith("/sign-in")


def test_htmx_gets_fragments_and_no_javascript_gets_pages(client, login_as, live_plan):
    login_as("performance")
    pip = live_plan()
    page = client.get(f"/pips/{pip.id}/progress/new")
    assert "<html" in page.get_data(as_text=True) and "Section 6 Progress Tracking</h1>" in page.get_data(as_text=True)
    fragment = client.htmx("get", f"/pips/{pip.id}/progress/new").get_data(as_text=True)
    assert "<html" not in fragment and fragment.lstrip().startswith('<div id="progress-form-new"')
    response = client.post(f"/pips/{pip.id}/progress", data=entry_data(pip))
    entry = ProgressUpdate.get()
    assert response.status_code == 302 and response.headers["Location"] == f"/pips/{pip.id}#progress-{entry.id}"
    response = client.htmx("post", f"/pips/{pip.id}/progress", data=entry_data(pip, comment="Second"))
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in html
    assert '<section id="section-6"' in html and 'role="status"' in html and "added" in html
    # The task list (In progress before and after) and the summary (due a month on either way) have not
    # changed, so they are not drawn again: each row action draws only what changed.
    assert 'id="task-list"' not in html and 'id="plan-summary"' not in html


def test_the_plan_page_costs_the_same_queries_with_1_or_60_entries(client, login_as, live_plan):
    login_as("performance")
    counts = []
    for rows in (1, 60):
        pip = live_plan()
        ProgressUpdate.insert_many(
            [
                {"pip": pip.id, "made_on": TODAY - timedelta(days=n), "comment": f"Update {n}", "score": 90.0 + n / 10}
                for n in range(rows)
            ]
        ).execute()
        with count_queries() as statements:
            html = client.get(f"/pips/{pip.id}").get_data(as_text=True)
        assert html.count('id="progress-') >= rows
        counts.append(len(statements))
    assert counts[0] == counts[1], counts


def test_an_entrys_new_date_redraws_the_summary_whose_next_update_it_moves(client, login_as, live_plan):
    """The response compares the plan after the change with the plan the page read before it: an entry
    moved to today takes the plan out of Overdue, and the summary beside the sections says so at once."""
    login_as("performance")
    pip = live_plan()
    entry = ProgressUpdate.create(pip=pip, made_on=TODAY - timedelta(days=100), comment="Spring round")
    assert "Overdue" in client.get(f"/pips/{pip.id}").get_data(as_text=True)
    response = client.htmx("post", f"/pips/{pip.id}/progress/{entry.id}", data=entry_data(pip, comment="Spring round"))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    due = re.search(r"Next update due: ([^<]+)", section_6(html)).group(1)
    summary = html[html.index('id="plan-summary"') :]
    assert "Overdue" not in summary
    assert re.search(r"Next update due</dt><dd[^>]*>([^<]+)", summary).group(1) == due
