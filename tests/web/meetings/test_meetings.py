"""The meetings register and the bodies that meet (docs/meetings-and-papers.md#meetings-and-committee-papers): who may
see and change what,
validation that keeps what was typed, one meeting per body per day, constant queries per page."""

import re
from datetime import date, datetime, timedelta

import pytest

from tests.querycount import count_queries
from tests.web.page_markup import assert_every_input_labelled, assert_no_inline_script_or_style
from webapp.domain.bodies import BodyKind
from webapp.domain.roles import Role
from webapp.models import AgendaItem, Body, Meeting

OTHER_ROLES = [role for role in Role if role != Role.CLERK]


@pytest.fixture
def make_body(db):
    made = []

    def make(name=None, kind=BodyKind.AUDIT_AND_PERFORMANCE):
        made.append(Body.create(name=name or f"Body {len(made) + 1}", kind=kind))
        return made[-1]

    return make


@pytest.fixture
def make_meeting(db, make_body):
    def make(body=None, on=date(2026, 9, 30), title="", location=""):
        return Meeting.create(body=body or make_body(), date=on, title=title, location=location)

    return make


def meeting_form(body, on=date(2026, 9, 30), title="Quarter 1 performance", location="Council Chamber"):
    data = {"title": title, "location": location}
    if body is not None:
        data["body"] = str(getattr(body, "id", body))
    if on is not None:
        data.update({"date-day": str(on.day), "date-month": str(on.month), "date-year": str(on.year)})
    return data


def routes(meeting, body):
    """Every route of the area, as (method, url, needs a clerk)."""
    return [
        ("GET", "/meetings/", False),
        ("GET", f"/meetings/{meeting.id}", False),
        ("GET", "/meetings/new", True),
        ("POST", "/meetings/new", True),
        ("GET", f"/meetings/{meeting.id}/edit", True),
        ("POST", f"/meetings/{meeting.id}/edit", True),
        ("GET", "/meetings/bodies/", True),
        ("GET", "/meetings/bodies/new", True),
        ("POST", "/meetings/bodies/new", True),
        ("GET", f"/meetings/bodies/{body.id}/edit", True),
        ("POST", f"/meetings/bodies/{body.id}/edit", True),
    ]


def saved_state():
    return (
        sorted((m.body_id, m.date, m.title, m.location) for m in Meeting.select()),
        sorted((b.name, b.kind) for b in Body.select()),
    )


# Who may do what


def test_anonymous_is_sent_to_sign_in_from_every_route(client, make_meeting):
    meeting = make_meeting()
    for method, url, _ in routes(meeting, meeting.body):
        response = client.open(url, method=method, data=meeting_form(meeting.body_id))
        assert response.status_code == 302, url
        assert response.headers["Location"].startswith("/sign-in?next="), url
    assert Meeting.select().count() == 1


@pytest.mark.parametrize("role", list(Role))
def test_every_role_reads_the_register(client, login_as, make_meeting, role):
    meeting = make_meeting(title="Budget scrutiny")
    login_as(role)
    assert "Budget scrutiny" in client.get("/meetings/").get_data(as_text=True)
    assert "Budget scrutiny" in client.get(f"/meetings/{meeting.id}").get_data(as_text=True)


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_only_clerks_change_meetings_and_bodies(client, login_as, make_meeting, role):
    meeting = make_meeting()
    login_as(role)
    before = saved_state()
    for method, url, clerk_only in routes(meeting, meeting.body):
        if clerk_only:
            data = {**meeting_form(meeting.body_id, on=date(2027, 1, 5)), "name": "Renamed", "kind": "cmt"}
            assert client.open(url, method=method, data=data).status_code == 403, url
    assert saved_state() == before


def test_a_clerk_may_open_every_page(client, login_as, make_meeting):
    meeting = make_meeting()
    login_as(Role.CLERK)
    for method, url, _ in routes(meeting, meeting.body):
        if method == "GET":
            assert client.get(url).status_code == 200, url


def test_a_meeting_that_does_not_exist_is_not_found(client, login_as):
    login_as(Role.CLERK)
    assert client.get("/meetings/999").status_code == 404
    assert client.get("/meetings/999/edit").status_code == 404
    assert client.get("/meetings/bodies/999/edit").status_code == 404


# The register


def test_upcoming_meetings_come_first_soonest_first_then_past_ones_latest_first(
    client, login_as, make_meeting, make_body
):
    today = date.today()
    body = make_body("Audit and Performance Committee")
    for days, title in ((-300, "Long ago"), (60, "Later"), (0, "Today"), (-5, "Last week"), (30, "Soon")):
        make_meeting(body, today + timedelta(days=days), title=title)
    login_as(Role.MEMBER)
    html = client.get("/meetings/").get_data(as_text=True)
    upcoming, past = html.split("Past meetings")
    assert re.findall(r"Today|Soon|Later", upcoming) == ["Today", "Soon", "Later"]
    assert re.findall(r"Last week|Long ago", past) == ["Last week", "Long ago"]


def test_the_register_shows_body_date_title_and_location(client, login_as, make_meeting, make_body):
    make_meeting(make_body("Resources Committee"), date(2026, 9, 30), "Budget monitoring", "Committee Room 2")
    login_as(Role.CMT)
    html = client.get("/meetings/").get_data(as_text=True)
    for text in ("Resources Committee", "30 September 2026", "Budget monitoring", "Committee Room 2"):
        assert text in html
    assert '<caption class="govuk-table__caption govuk-table__caption--m">' in html
    assert html.count('<th scope="col" class="govuk-table__header">') >= 4


def test_the_register_filters_by_body(client, login_as, make_meeting, make_body):
    development, community = make_body("Development Committee"), make_body("Community Committee")
    make_meeting(development, title="Planning backlog")
    make_meeting(community, title="Leisure centres")
    login_as(Role.MEMBER)
    html = client.get("/meetings/", query_string={"body": development.id}).get_data(as_text=True)
    assert "Planning backlog" in html and "Leisure centres" not in html
    assert f'<option selected value="{development.id}">' in html


@pytest.mark.parametrize("body", ["999", "not-a-number"])
def test_an_unknown_body_in_the_filter_shows_every_meeting(client, login_as, make_meeting, body):
    make_meeting(title="Planning backlog")
    login_as(Role.MEMBER)
    response = client.get("/meetings/", query_string={"body": body})
    assert response.status_code == 200
    assert "Planning backlog" in response.get_data(as_text=True)


def test_an_empty_register_says_so(client, login_as):
    login_as(Role.MEMBER)
    html = client.get("/meetings/").get_data(as_text=True)
    assert "There are no upcoming meetings yet." in html
    assert "There are no past meetings yet." in html


def test_the_add_button_is_only_for_clerks(client, login_as):
    login_as(Role.MEMBER)
    assert "Add a meeting" not in client.get("/meetings/").get_data(as_text=True)


def test_a_meeting_page_shows_its_details_and_change_links_for_a_clerk(client, login_as, make_meeting, make_body):
    meeting = make_meeting(make_body("Audit and Performance Committee"), date(2026, 9, 30), "Q1", "Chamber")
    login_as(Role.CLERK)
    html = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "Wednesday 30 September 2026" in html
    assert 'class="govuk-summary-list"' in html
    assert f'href="/meetings/{meeting.id}/edit"' in html


def test_a_member_sees_no_change_links(client, login_as, make_meeting):
    meeting = make_meeting()
    login_as(Role.MEMBER)
    assert "/edit" not in client.get(f"/meetings/{meeting.id}").get_data(as_text=True)


def test_the_register_costs_the_same_queries_for_1_or_30_meetings(client, login_as, make_meeting, make_body):
    bodies = [make_body() for _ in range(3)]
    make_meeting(bodies[0], date(2026, 1, 1))
    login_as(Role.MEMBER)
    with count_queries() as one:
        client.get("/meetings/")
    for n in range(1, 30):
        make_meeting(bodies[n % 3], date(2026, 1, 1) + timedelta(days=n))
    with count_queries() as thirty:
        html = client.get("/meetings/").get_data(as_text=True)
    assert len(re.findall(r'href="/meetings/\d+"', html)) == 30
    assert len(thirty) == len(one)


# Adding and changing meetings


def test_a_clerk_adds_a_meeting(client, login_as, make_body):
    body = make_body("Audit and Performance Committee")
    login_as(Role.CLERK)
    response = client.post("/meetings/new", data=meeting_form(body))
    meeting = Meeting.get()
    assert response.status_code == 302
    assert response.headers["Location"] == f"/meetings/{meeting.id}"
    assert (meeting.body_id, meeting.date, meeting.title, meeting.location) == (
        body.id,
        date(2026, 9, 30),
        "Quarter 1 performance",
        "Council Chamber",
    )
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Meeting added: Audit and Performance Committee, 30 September 2026" in page


def test_title_and_location_are_optional(client, login_as, make_body):
    body = make_body()
    login_as(Role.CLERK)
    assert client.post("/meetings/new", data=meeting_form(body, title="", location="")).status_code == 302
    assert Meeting.get().title == ""


@pytest.mark.parametrize(
    "change, field, message",
    [
        ({"body": None}, "body", "Choose the body that is meeting"),
        ({"body": "999"}, "body", "Choose a body from the list"),
        ({"body": "committee"}, "body", "Choose a body from the list"),
        ({"on": None}, "date", "Enter the date of the meeting"),
        ({"title": "x" * 201}, "title", "Title must be 200 characters or fewer"),
        ({"location": "x" * 201}, "location", "Location must be 200 characters or fewer"),
    ],
)
def test_a_wrong_meeting_is_refused_and_what_was_typed_kept(client, login_as, make_body, change, field, message):
    body = make_body()
    login_as(Role.CLERK)
    values = {"body": body, "on": date(2026, 9, 30), "title": "Typed title", "location": "Typed place"}
    response = client.post("/meetings/new", data=meeting_form(**{**values, **change}))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "There is a problem" in html and message in html
    assert f'id="{field}-error"' in html
    assert "<title>Error: Add a meeting" in html
    data = {**values, **change}
    assert f'value="{data["title"]}"' in html and f'value="{data["location"]}"' in html
    assert Meeting.select().count() == 0


@pytest.mark.parametrize(
    "day, month, year, message, wrong_box",
    [
        ("30", "", "2026", "Date of the meeting must include a month", "month"),
        ("31", "2", "2026", "Date of the meeting must be a real date", "day"),
        ("30", "9", "26", "Date of the meeting must be a real date", "day"),
        ("thirty", "9", "2026", "Date of the meeting must be a real date", "day"),
        ("9" * 23, "2", "2027", "Date of the meeting must be a real date", "day"),  # past a C int: once a 500
    ],
)
def test_a_wrong_date_is_refused_and_the_boxes_keep_what_was_typed(
    client, login_as, make_body, day, month, year, message, wrong_box
):
    body = make_body()
    login_as(Role.CLERK)
    data = {**meeting_form(body, on=None), "date-day": day, "date-month": month, "date-year": year}
    response = client.post("/meetings/new", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'href="#date-{wrong_box}">{message}</a>' in html
    assert f'name="date-day" type="text" inputmode="numeric" value="{day}"' in html
    assert f'name="date-year" type="text" inputmode="numeric" value="{year}"' in html
    assert "Enter the date of the meeting" not in html
    assert Meeting.select().count() == 0
    response = client.post("/meetings/new", data={**data, "date-day": "30", "date-month": "9", "date-year": "2026"})
    assert response.status_code == 302
    assert Meeting.get().date == date(2026, 9, 30)


def test_a_second_meeting_of_a_body_on_the_same_day_is_refused(client, login_as, make_meeting, make_body):
    body = make_body("Audit and Performance Committee")
    make_meeting(body, date(2026, 9, 30))
    login_as(Role.CLERK)
    response = client.post("/meetings/new", data=meeting_form(body, title="Typed title"))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Audit and Performance Committee already has a meeting on 30 September 2026" in html
    assert 'href="#date-day"' in html and "Typed title" in html
    assert Meeting.select().count() == 1


def test_two_bodies_may_meet_on_the_same_day(client, login_as, make_meeting, make_body):
    make_meeting(make_body(), date(2026, 9, 30))
    other = make_body()
    login_as(Role.CLERK)
    assert client.post("/meetings/new", data=meeting_form(other)).status_code == 302
    assert Meeting.select().count() == 2


def test_a_clash_found_only_by_the_database_is_refused_cleanly(client, login_as, make_meeting, make_body, monkeypatch):
    """Two clerks saving the same body and day at once: the unique index refuses the second."""
    body = make_body("Audit and Performance Committee")
    make_meeting(body, date(2026, 9, 30))
    login_as(Role.CLERK)
    monkeypatch.setattr("webapp.meetings._clashes", lambda *args: False)
    response = client.post("/meetings/new", data=meeting_form(body))
    assert response.status_code == 422
    assert "already has a meeting on 30 September 2026" in response.get_data(as_text=True)
    assert Meeting.select().count() == 1
    assert client.get("/meetings/").status_code == 200  # the connection is still usable


def test_a_clerk_changes_a_meeting(client, login_as, make_meeting, make_body):
    meeting = make_meeting(title="Old title")
    other = make_body("Community Committee")
    login_as(Role.CLERK)
    edit_page = client.get(f"/meetings/{meeting.id}/edit").get_data(as_text=True)
    assert 'value="Old title"' in edit_page
    assert re.search(rf'checked[^>]*value="{meeting.body_id}"', edit_page)
    response = client.post(f"/meetings/{meeting.id}/edit", data=meeting_form(other, date(2026, 10, 7), "New title"))
    assert response.status_code == 302
    meeting = Meeting.get_by_id(meeting.id)
    assert (meeting.body_id, meeting.date, meeting.title) == (other.id, date(2026, 10, 7), "New title")
    assert "Meeting updated" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_a_meeting_saved_again_on_its_own_day_is_not_a_clash(client, login_as, make_meeting):
    meeting = make_meeting(on=date(2026, 9, 30))
    login_as(Role.CLERK)
    response = client.post(f"/meetings/{meeting.id}/edit", data=meeting_form(meeting.body_id, date(2026, 9, 30)))
    assert response.status_code == 302


def test_moving_a_meeting_onto_another_of_the_same_body_is_refused(client, login_as, make_meeting, make_body):
    body = make_body()
    make_meeting(body, date(2026, 9, 30))
    moving = make_meeting(body, date(2026, 12, 2), title="December")
    login_as(Role.CLERK)
    response = client.post(f"/meetings/{moving.id}/edit", data=meeting_form(body, date(2026, 9, 30), "Typed"))
    assert response.status_code == 422
    assert "already has a meeting on 30 September 2026" in response.get_data(as_text=True)
    assert Meeting.get_by_id(moving.id).date == date(2026, 12, 2)


def test_with_no_bodies_the_clerk_is_asked_to_add_one(client, login_as):
    login_as(Role.CLERK)
    html = client.get("/meetings/new").get_data(as_text=True)
    assert "No bodies have been set up yet" in html and 'href="/meetings/bodies/new"' in html


def test_get_never_saves(client, login_as, make_body):
    body = make_body()
    login_as(Role.CLERK)
    assert client.get("/meetings/new", query_string=meeting_form(body)).status_code == 200
    assert client.get("/meetings/bodies/new", query_string={"name": "X", "kind": "cmt"}).status_code == 200
    assert Meeting.select().count() == 0 and Body.select().count() == 1


# Bodies


def test_the_bodies_list_shows_kind_and_number_of_meetings(client, login_as, make_meeting, make_body):
    body = make_body("Development Committee", BodyKind.POLICY_COMMITTEE)
    make_meeting(body, date(2026, 1, 1))
    make_meeting(body, date(2026, 2, 1))
    make_body("Corporate Management Team", BodyKind.CMT)
    login_as(Role.CLERK)
    html = client.get("/meetings/bodies/").get_data(as_text=True)
    assert "Policy committee" in html and "Corporate Management Team" in html
    assert re.search(r"Development Committee</td>\s*<td[^>]*>Policy committee</td>\s*<td[^>]*>2</td>", html)


def test_the_bodies_list_costs_the_same_queries_for_1_or_30(client, login_as, make_meeting, make_body):
    make_meeting(make_body())
    login_as(Role.CLERK)
    with count_queries() as one:
        client.get("/meetings/bodies/")
    for _ in range(29):
        make_meeting(make_body())
    with count_queries() as thirty:
        html = client.get("/meetings/bodies/").get_data(as_text=True)
    assert html.count('/edit">Change') == 30
    assert len(thirty) == len(one)


def test_a_clerk_adds_a_body(client, login_as):
    login_as(Role.CLERK)
    response = client.post("/meetings/bodies/new", data={"name": "Resources Committee", "kind": "policy_committee"})
    assert response.status_code == 302 and response.headers["Location"] == "/meetings/bodies/"
    body = Body.get()
    assert (body.name, body.kind) == ("Resources Committee", BodyKind.POLICY_COMMITTEE)
    assert "Body added: Resources Committee" in client.get("/meetings/bodies/").get_data(as_text=True)


@pytest.mark.parametrize(
    "data, message",
    [
        ({"name": "", "kind": "cmt"}, "Enter the name of the body"),
        ({"name": "x" * 101, "kind": "cmt"}, "Name must be 100 characters or fewer"),
        ({"name": "Typed name"}, "Choose the kind of body"),
        ({"name": "Typed name", "kind": "parish_council"}, "Choose a kind of body from the list"),
        (
            {"name": "audit AND performance committee", "kind": "cmt"},
            "There is already a body called Audit and Performance Committee",  # as it is saved, not as typed
        ),
        (
            {"name": "Audit\u00a0and  Performance Committee", "kind": "cmt"},  # pasted: a no-break and a double space
            "There is already a body called Audit and Performance Committee",
        ),
    ],
)
def test_a_wrong_body_is_refused_and_what_was_typed_kept(client, login_as, make_body, data, message):
    make_body("Audit and Performance Committee")
    login_as(Role.CLERK)
    before = saved_state()
    response = client.post("/meetings/bodies/new", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "There is a problem" in html and message in html
    assert f'value="{" ".join(data["name"].split())}"' in html  # as typed, its spaces made single
    assert saved_state() == before


def test_a_clerk_renames_a_body_and_changes_its_kind(client, login_as, make_body):
    body = make_body("Development Cttee", BodyKind.OMT)
    login_as(Role.CLERK)
    assert 'value="Development Cttee"' in client.get(f"/meetings/bodies/{body.id}/edit").get_data(as_text=True)
    response = client.post(
        f"/meetings/bodies/{body.id}/edit", data={"name": "Development Committee", "kind": "policy_committee"}
    )
    assert response.status_code == 302
    body = Body.get_by_id(body.id)
    assert (body.name, body.kind) == ("Development Committee", BodyKind.POLICY_COMMITTEE)


def test_a_body_that_has_met_keeps_its_kind_and_may_still_be_renamed(client, login_as, make_meeting, make_body):
    body = make_body("Development Committee", BodyKind.POLICY_COMMITTEE)
    make_meeting(body)
    login_as(Role.CLERK)
    response = client.post(f"/meetings/bodies/{body.id}/edit", data={"name": "Development Cttee", "kind": "cmt"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert (
        "Development Committee has met, so it stays a Policy committee" in html and 'value="Development Cttee"' in html
    )
    assert Body.get_by_id(body.id).kind is BodyKind.POLICY_COMMITTEE
    response = client.post(
        f"/meetings/bodies/{body.id}/edit", data={"name": "Development Cttee", "kind": "policy_committee"}
    )
    assert response.status_code == 302 and Body.get_by_id(body.id).name == "Development Cttee"


def test_a_meeting_with_papers_keeps_its_body_and_once_published_its_date(client, login_as, make_meeting, make_body):
    a_and_p, cmt = make_body("Audit and Performance Committee"), make_body("CMT", BodyKind.CMT)
    meeting = make_meeting(a_and_p, on=date(2026, 9, 30))
    item = AgendaItem.create(meeting=meeting, title="Performance Improvement Plans", report_of="Head of Performance")
    login_as(Role.CLERK)
    url = f"/meetings/{meeting.id}/edit"
    response = client.post(url, data=meeting_form(cmt, title="Typed title"))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "This meeting has committee papers, so it stays a meeting of the Audit and Performance Committee" in html
    assert 'value="Typed title"' in html and Meeting.get_by_id(meeting.id).body_id == a_and_p.id
    # A draft's meeting may move; published papers fix the date.
    assert client.post(url, data=meeting_form(a_and_p, on=date(2026, 10, 7))).status_code == 302
    AgendaItem.update(published_at=datetime(2026, 10, 1, 9, 0)).where(AgendaItem.id == item.id).execute()
    response = client.post(url, data=meeting_form(a_and_p, on=date(2026, 10, 14)))
    assert response.status_code == 422
    assert "The papers for this meeting were published for 7 October 2026, so its date stays" in response.get_data(
        as_text=True
    )
    assert client.post(url, data=meeting_form(a_and_p, on=date(2026, 10, 7), title="Renamed")).status_code == 302
    assert (Meeting.get_by_id(meeting.id).date, Meeting.get_by_id(meeting.id).title) == (date(2026, 10, 7), "Renamed")


def test_a_body_may_keep_its_own_name_in_another_case(client, login_as, make_body):
    body = make_body("Members Briefing", BodyKind.MEMBERS_BRIEFING)
    login_as(Role.CLERK)
    response = client.post(
        f"/meetings/bodies/{body.id}/edit", data={"name": "Members' briefing", "kind": "members_briefing"}
    )
    assert response.status_code == 302
    assert Body.get_by_id(body.id).name == "Members' briefing"


def test_renaming_a_body_to_another_bodys_name_is_refused(client, login_as, make_body):
    make_body("Community Committee")
    body = make_body("Resources Committee")
    login_as(Role.CLERK)
    response = client.post(f"/meetings/bodies/{body.id}/edit", data={"name": "Community Committee", "kind": "cmt"})
    assert response.status_code == 422
    assert Body.get_by_id(body.id).name == "Resources Committee"


# Markup the CSP and accessibility rely on


def test_pages_have_no_inline_script_or_style_and_label_every_input(client, login_as, make_meeting):
    meeting = make_meeting()
    login_as(Role.CLERK)
    for method, url, _ in routes(meeting, meeting.body):
        if method != "GET":
            continue
        html = client.get(url).get_data(as_text=True)
        assert_no_inline_script_or_style(html, url)
        assert_every_input_labelled(html, url)


def test_a_meeting_sent_without_its_optional_fields_is_saved_with_them_blank(client, login_as, make_meeting):
    """A script that leaves the optional Location out: blank, as an empty box is, not a database error
    reported as a clash of dates."""
    login_as("clerk")
    body = make_meeting().body_id
    data = {key: value for key, value in meeting_form(body, on=date(2027, 2, 9)).items() if key != "location"}
    assert client.post("/meetings/new", data=data).status_code == 302
    assert Meeting.get(Meeting.date == date(2027, 2, 9)).location == ""
