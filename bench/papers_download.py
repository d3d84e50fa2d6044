"""Committee papers downloaded through the app, database included (docs/quality.md): a plan's cost at 100
plans within 1.1x of its cost at 5, and the same number of queries; 30 plans in ≤ 1.5 s and ≤ 60 MB
extra even as a worker's first export; a single PIP in ≤ 100 ms. Plans are realistic (bench/fixtures.py
make_committee_pip): 6 factors, 5 solutions, 8 comments, 24 progress entries, 36 monthly scores.

Warm figures come from this process; first-download figures from a fresh process (bench/first_export.py)
that has signed in but exported nothing, so its memory growth is the download's own."""

import statistics
import time
from datetime import date

from tests.querycount import count_queries
from webapp.domain.bodies import BodyKind
from webapp.domain.roles import Role
from webapp.models import AgendaItem, AgendaPip, Body, Indicator, Meeting, database
from webapp.papers.item import publish

from .first_export import in_fresh_process
from .fixtures import PASSWORD, make_app, make_committee_pip, make_register, make_user
from .report import absolute_line, budget_line, count_line
from .word_export import load_note, per_plan_at_few_and_many, print_marginal

SIZES = (5, 30, 100)  # plans on each meeting's papers


def _seconds(client, url):
    start = time.perf_counter()
    response = client.get(url)
    took = time.perf_counter() - start
    assert response.status_code == 200, response.status_code
    return took


def _queries(client, url):
    with count_queries() as statements:
        assert client.get(url).status_code == 200
    return len(statements)


def _papers(plans, day):
    """An A&P meeting with the plans on its papers, as a clerk would set them up; returns the meeting."""
    body = Body.get_or_create(name="Audit and Performance Committee", kind=BodyKind.AUDIT_AND_PERFORMANCE)[0]
    meeting = Meeting.create(body=body, date=day)
    item = AgendaItem.create(meeting=meeting, item_number="7", contact_officer="Bench Officer")
    for position, pip in enumerate(plans, 1):
        AgendaPip.create(item=item, pip=pip, position=position)
    return meeting


def run(repeats=5):
    app, path = make_app(settings={"WTF_CSRF_ENABLED": False})
    with database.connection_context(), database.atomic():
        user = make_user(roles=(Role.CLERK, Role.PERFORMANCE))
        ids = make_register(indicators=max(SIZES), months=36)
        cmt = Meeting.create(body=Body.create(name="CMT", kind=BodyKind.CMT), date=date(2025, 2, 4))
        plans = [
            make_committee_pip(indicator, cmt, user)
            for indicator in Indicator.select().where(Indicator.id.in_(ids)).order_by(Indicator.id)
        ]
        meetings = {count: _papers(plans[:count], date(2026, 12, day)) for day, count in enumerate(SIZES, 1)}
    client = app.test_client()
    client.post("/sign-in", data={"email": user.email, "password": PASSWORD})
    urls = {count: f"/meetings/{meeting.id}/papers/download" for count, meeting in meetings.items()}
    single = f"/pips/{plans[0].id}/plan.docx"
    _seconds(client, urls[5])  # warm: the chart's font loaded, the queries compiled

    print(
        "Committee papers downloaded through the app (SQLite), plans of 6 factors, 5 solutions, 8 comments, "
        "24 progress entries, 36 scores:"
    )
    print(load_note())
    count_line(
        "Committee papers draft, queries at 100 plans (budget: as many as at 5)",
        _queries(client, urls[100]),
        most=_queries(client, urls[5]),
    )
    few, many = per_plan_at_few_and_many(lambda count: _seconds(client, urls[count]))
    budget_line("Committee papers draft, a plan's cost at 100 plans vs at 5", many * 1000, few * 1000, "ms", most=1.1)
    print_marginal(few, many)
    thirty = statistics.median(_seconds(client, urls[30]) for _ in range(repeats))
    absolute_line(f"Committee papers draft, 30 plans, median of {repeats}", thirty, "s", most=1.5)
    pip = statistics.median(_seconds(client, single) for _ in range(repeats * 4))
    absolute_line(f"Single PIP download, median of {repeats * 4}", pip * 1000, "ms", most=100)

    first = in_fresh_process("download", f"sqlite:///{path}", urls[30])
    absolute_line("Committee papers draft, 30 plans, a worker's first download", first["seconds"], "s", most=1.5)
    absolute_line("  its extra memory (resident set growth, fresh process)", first["megabytes"], "MB", most=60)
    first_pip = in_fresh_process("download", f"sqlite:///{path}", single)
    print(
        f"  single PIP as a worker's first download: {first_pip['seconds'] * 1000:.0f} ms, "
        f"{first_pip['megabytes']:.1f} MB extra"
    )

    with app.app_context(), database.connection_context():
        publish(AgendaItem.get(AgendaItem.meeting == meetings[30]), user.id, "Bench Council")
    published = statistics.median(_seconds(client, urls[30]) for _ in range(repeats))
    absolute_line(f"Committee papers published, 30 plans, median of {repeats}", published, "s", most=1.5)
