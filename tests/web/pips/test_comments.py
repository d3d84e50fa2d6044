"""Section 5 Management Comment: who may comment as what, meetings cited, CMT decisions on solutions,
validation, htmx and no-JS answers, concurrent comments and query counts (docs/plans.md#the-plan Section 5, §4)."""

import re
from datetime import date, timedelta

import pytest
from markupsafe import escape

from tests.querycount import count_queries
from webapp.domain.bodies import BodyKind
from webapp.domain.merge import Base
from webapp.domain.pips import CommentRole, PipStatus, SolutionStatus
from webapp.models import Body, ManagementComment, Meeting, Pip, PipChange, Solution, SolutionDecision, database
from webapp.pips.changes import Conflict, changing

PASSWORD = "correct horse battery staple"
TWO_SOLUTIONS = dict(
    factors=[("external", "Snow"), ("internal", "Vacancies")],
    solutions=[("Agency drivers", ["E1"]), ("Recruit two drivers", ["I1"])],
)


@pytest.fixture
def meetings(db):
    """One meeting of each kind of body, in the past."""
    made = {}
    for name, kind in [
        ("CMT", BodyKind.CMT),
        ("OMT", BodyKind.OMT),
        ("Audit and Performance Committee", BodyKind.AUDIT_AND_PERFORMANCE),
        ("Resources Committee", BodyKind.POLICY_COMMITTEE),
        ("Members' briefing", BodyKind.MEMBERS_BRIEFING),
    ]:
        body = Body.create(name=name, kind=kind)
        made[kind] = Meeting.create(body=body, date=date(2026, 10, 14), title=f"{name} October")
    return made


@pytest.fixture
def second_client(app, make_user):
    """Another signed-in person, in their own browser."""

    def make(*roles, services=()):
        client = app.test_client()
        user = make_user(*roles, services=services)
        assert client.post("/sign-in", data={"email": user.email, "password": PASSWORD}).status_code == 302
        client.refresh_csrf("/")
        return client

    return make


def comment_data(pip, role="head_of_service", meeting=None, **changes):
    data = {
        "version": pip.version,
        "role": role,
        "author": "Jane Smith",
        "made_on-day": "14",
        "made_on-month": "10",
        "made_on-year": "2026",
        "text": "We support the plan.",
        "meeting": meeting.id if meeting else "",
        "minute_reference": "",
    }
    data.update(changes)
    return data


def live_pip(make_pip, **kwargs):
    return make_pip(status=PipStatus.LIVE, **kwargs)


def offered_roles(html):
    return re.findall(r'<input[^>]*name="role"[^>]*type="radio" value="([^"]+)"', html)


@pytest.mark.parametrize(
    "roles, own_service, expected",
    [
        (("hos",), True, ["head_of_service"]),
        (("hos",), False, None),
        (("performance",), False, ["head_of_service"]),
        (("cmt",), False, ["cmt"]),
        (("clerk",), False, ["omt", "members"]),
        (("cmt", "clerk"), False, ["cmt", "omt", "members"]),
        (("member",), False, None),
        (("admin",), False, None),
    ],
)
def test_each_user_is_offered_only_the_roles_they_may_record(
    client, login_as, make_pip, make_service, meetings, roles, own_service, expected
):
    service = make_service()
    login_as(*roles, services=[service] if "hos" in roles and own_service else ())
    pip = live_pip(make_pip, service=service)
    response = client.get(f"/pips/{pip.id}/comments/new")
    if expected is None:
        assert response.status_code == 403
        assert client.post(f"/pips/{pip.id}/comments", data=comment_data(pip)).status_code == 403
        assert ManagementComment.select().count() == 0
        return
    assert response.status_code == 200
    assert offered_roles(response.get_data(as_text=True)) == expected
    page = client.get(f"/pips/{pip.id}").get_data(as_text=True)
    assert "Add a management comment" in page


@pytest.mark.parametrize(
    "roles, role",
    [(("clerk",), "cmt"), (("clerk",), "head_of_service"), (("cmt",), "members"), (("performance",), "cmt")],
)
def test_a_role_the_user_may_not_record_is_refused(client, login_as, make_pip, meetings, roles, role):
    login_as(*roles)
    pip = live_pip(make_pip)
    response = client.post(f"/pips/{pip.id}/comments", data=comment_data(pip, role, meetings[BodyKind.CMT]))
    assert response.status_code == 403
    assert ManagementComment.select().count() == 0


def test_a_head_of_service_comments_on_their_own_service(client, login_as, make_pip, make_service):
    service = make_service()
    login_as("hos", services=[service])
    pip = make_pip(service=service)
    response = client.post(f"/pips/{pip.id}/comments", data=comment_data(pip))
    comment = ManagementComment.get()
    assert response.status_code == 302
    assert response.headers["Location"] == f"/pips/{pip.id}#comment-{comment.id}"
    assert (comment.role, comment.author, comment.made_on, comment.meeting) == (
        CommentRole.HEAD_OF_SERVICE,
        "Jane Smith",
        date(2026, 10, 14),
        None,
    )
    html = client.get(f"/pips/{pip.id}").get_data(as_text=True)
    assert f'id="comment-{comment.id}"' in html and "14 October 2026" in html and "We support the plan." in html
    assert '<h3 class="govuk-heading-s">Head of Service</h3>' in html and ">Members</h3>" in html
    assert ">OMT</h3>" not in html  # the OMT row shows only when there are OMT comments


@pytest.mark.parametrize(
    "roles, role, kind",
    [
        (("cmt",), "cmt", BodyKind.CMT),
        (("clerk",), "omt", BodyKind.OMT),
        (("clerk",), "members", BodyKind.AUDIT_AND_PERFORMANCE),
        (("clerk",), "members", BodyKind.POLICY_COMMITTEE),
        (("clerk",), "members", BodyKind.MEMBERS_BRIEFING),
    ],
)
def test_cmt_omt_and_members_comments_cite_their_meeting(client, login_as, make_pip, meetings, roles, role, kind):
    login_as(*roles)
    pip = live_pip(make_pip)
    label = CommentRole(role).label
    missing = client.post(f"/pips/{pip.id}/comments", data=comment_data(pip, role))
    assert missing.status_code == 422
    assert f"Choose the meeting the {label} comment was made at" in missing.get_data(as_text=True)
    response = client.post(
        f"/pips/{pip.id}/comments", data=comment_data(pip, role, meetings[kind], minute_reference="CMT/2026/41")
    )
    assert response.status_code == 302
    comment = ManagementComment.get()
    assert (comment.role.value, comment.meeting_id, comment.minute_reference) == (
        role,
        meetings[kind].id,
        "CMT/2026/41",
    )
    html = client.get(f"/pips/{pip.id}").get_data(as_text=True)
    assert f"Meeting: {escape(meetings[kind].body.name)}, 14 October 2026, minute CMT/2026/41" in html
    assert f">{label}</h3>" in html


def test_a_meeting_of_the_wrong_kind_is_refused(client, login_as, make_pip, meetings):
    login_as("cmt", "clerk")
    pip = live_pip(make_pip)
    for role, kind, message in [
        ("members", BodyKind.CMT, "Members comments cite a committee meeting or Members&#39; briefing"),
        ("cmt", BodyKind.OMT, "CMT comments cite a CMT meeting"),
        ("omt", BodyKind.AUDIT_AND_PERFORMANCE, "OMT comments cite an OMT meeting"),
    ]:
        response = client.post(f"/pips/{pip.id}/comments", data=comment_data(pip, role, meetings[kind]))
        assert response.status_code == 422
        assert message in response.get_data(as_text=True)
    assert ManagementComment.select().count() == 0


def test_a_comment_dated_before_the_meeting_it_cites_is_refused_and_kept(client, login_as, make_pip, meetings):
    login_as("cmt")
    pip = live_pip(make_pip)
    cmt = meetings[BodyKind.CMT]  # held on 14 October 2026
    early = comment_data(pip, "cmt", cmt, **{"made_on-day": "1", "made_on-month": "1", "text": "Typed early."})
    response = client.post(f"/pips/{pip.id}/comments", data=early)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Date must be on or after the meeting it was made at, 14 October 2026" in html
    assert "Typed early.</textarea>" in html and 'name="made_on-day" type="text" inputmode="numeric" value="1"' in html
    assert ManagementComment.select().count() == 0
    assert (
        client.post(f"/pips/{pip.id}/comments", data={**early, "made_on-day": "14", "made_on-month": "10"}).status_code
        == 302
    )
    assert ManagementComment.get().made_on == date(2026, 10, 14)


def test_a_meeting_not_offered_is_refused(client, login_as, make_pip, meetings):
    login_as("cmt")
    pip = live_pip(make_pip)
    html = client.get(f"/pips/{pip.id}/comments/new").get_data(as_text=True)
    select = html.split('id="comment-new-meeting"')[1].split("</select>")[0]
    assert '<optgroup label="CMT">' in select and f'value="{meetings[BodyKind.CMT].id}"' in select
    assert f'value="{meetings[BodyKind.OMT].id}"' not in select
    response = client.post(f"/pips/{pip.id}/comments", data=comment_data(pip, "cmt", meetings[BodyKind.OMT]))
    assert response.status_code == 422
    assert "Choose a meeting from the list" in response.get_data(as_text=True)
    assert ManagementComment.select().count() == 0


def decide(client, pip, meeting, approves=(), declines=(), **changes):
    data = comment_data(pip, "cmt", meeting, text="S1 is good value; S2 costs too much.", **changes)
    data["approves"], data["declines"] = [s.id for s in approves], [s.id for s in declines]
    return client.post(f"/pips/{pip.id}/comments", data=data)


def test_cmt_approves_and_declines_solutions(client, login_as, make_pip, meetings):
    login_as("cmt")
    pip = live_pip(make_pip, **TWO_SOLUTIONS)
    s1, s2 = Solution.select().order_by(Solution.ref)
    form = client.get(f"/pips/{pip.id}/comments/new").get_data(as_text=True)
    assert "S1 Agency drivers (Proposed)" in form and "Approve" in form and "Decline" in form
    assert decide(client, pip, meetings[BodyKind.CMT], approves=[s1], declines=[s2]).status_code == 302
    assert Solution.get_by_id(s1.id).status is SolutionStatus.APPROVED
    assert Solution.get_by_id(s2.id).status is SolutionStatus.NOT_APPROVED
    comment = ManagementComment.get()
    assert {(d.solution_id, d.approved) for d in SolutionDecision.select()} == {(s1.id, True), (s2.id, False)}
    history = {(c.subject, c.what, c.before, c.after) for c in PipChange.select()}
    assert (f"solution:{s1.id}", "Solution S1: Status", "Proposed", "Approved") in history
    assert (f"solution:{s2.id}", "Solution S2: Status", "Proposed", "Not approved") in history
    assert any(c.subject == "comments" and c.what.startswith("Added CMT comment") for c in PipChange.select())
    html = client.get(f"/pips/{pip.id}").get_data(as_text=True)
    assert "Approved S1; Not approved S2" in html
    assert f'id="comment-{comment.id}"' in html
    assert "Solution S1: Status" in client.get(f"/pips/{pip.id}/history").get_data(as_text=True)


def test_a_cmt_decision_conflicts_with_an_open_edit_of_that_solution(client, login_as, make_pip, meetings):
    user = login_as("cmt")
    pip = live_pip(make_pip, **TWO_SOLUTIONS)
    s1, s2 = Solution.select().order_by(Solution.ref)
    drawn_at = Pip.get_by_id(pip.id).version
    decide(client, pip, meetings[BodyKind.CMT], approves=[s1])
    with pytest.raises(Conflict), changing(pip.id, f"solution:{s1.id}", user, Base(drawn_at)):
        pass
    with changing(pip.id, f"solution:{s2.id}", user, Base(drawn_at)):  # another solution: no conflict
        pass


def test_a_solution_of_another_plan_or_in_both_lists_is_refused(client, login_as, make_pip, meetings):
    login_as("cmt")
    pip = live_pip(make_pip, **TWO_SOLUTIONS)
    other = live_pip(make_pip, **TWO_SOLUTIONS)
    foreign = Solution.get(Solution.pip == other)
    s1 = Solution.get((Solution.pip == pip) & (Solution.ref == "S1"))
    response = decide(client, pip, meetings[BodyKind.CMT], approves=[foreign])
    assert response.status_code == 422
    assert "Choose solutions of this plan" in response.get_data(as_text=True)
    response = decide(client, pip, meetings[BodyKind.CMT], approves=[s1], declines=[s1])
    assert response.status_code == 422
    assert "cannot be both approved and declined" in response.get_data(as_text=True)
    assert ManagementComment.select().count() == 0 and SolutionDecision.select().count() == 0
    assert {s.status for s in Solution.select()} == {SolutionStatus.PROPOSED}


def test_only_cmt_comments_decide(client, login_as, make_pip, meetings):
    login_as("cmt", "clerk")
    pip = live_pip(make_pip, **TWO_SOLUTIONS)
    s1 = Solution.get(Solution.ref == "S1")
    html = client.get(f"/pips/{pip.id}/comments/new").get_data(as_text=True)
    # Approve and Decline are revealed under the CMT role only (GOV.UK conditional reveal).
    cmt_radio = re.search(r'<input[^>]*value="cmt"[^>]*>', html).group(0)
    assert 'data-aria-controls="conditional-' in cmt_radio
    conditional = html[html.index('class="govuk-radios__conditional') :]
    assert conditional.index('name="approves"') < conditional.index("</fieldset>")
    # Ticked, then another role chosen (without JavaScript every box shows): the ticks are ignored.
    data = comment_data(pip, "members", meetings[BodyKind.AUDIT_AND_PERFORMANCE], approves=[s1.id])
    assert client.post(f"/pips/{pip.id}/comments", data=data).status_code == 302
    assert ManagementComment.get().role is CommentRole.MEMBERS
    assert Solution.get_by_id(s1.id).status is SolutionStatus.PROPOSED
    assert not SolutionDecision.select().exists()


def test_a_meeting_chosen_then_head_of_service_chosen_is_ignored(client, login_as, make_pip, make_service, meetings):
    service = make_service()
    login_as("hos", "cmt", services=[service])
    pip = live_pip(make_pip, service=service)
    data = comment_data(pip, "head_of_service", meetings[BodyKind.CMT], minute_reference="CMT/1")
    assert client.post(f"/pips/{pip.id}/comments", data=data).status_code == 302
    comment = ManagementComment.get()
    assert comment.role is CommentRole.HEAD_OF_SERVICE and comment.meeting_id is None and comment.minute_reference == ""


def test_editing_and_removing_a_cmt_comment_updates_decisions_and_statuses(client, login_as, make_pip, meetings):
    login_as("cmt")
    pip = live_pip(make_pip, **TWO_SOLUTIONS)
    s1, s2 = Solution.select().order_by(Solution.ref)
    decide(client, pip, meetings[BodyKind.CMT], approves=[s1], declines=[s2])
    comment = ManagementComment.get()
    form = client.get(f"/pips/{pip.id}/comments/{comment.id}/edit").get_data(as_text=True)
    ticked = {
        tuple(re.findall(r'(name|value)="([^"]+)"', tag)): "checked" in tag
        for tag in re.findall(r"<input[^>]*>", form)
        if 'type="checkbox"' in tag
    }
    assert ticked[(("name", "approves"), ("value", str(s1.id)))]
    assert ticked[(("name", "declines"), ("value", str(s2.id)))]
    assert not ticked[(("name", "approves"), ("value", str(s2.id)))]
    data = comment_data(Pip.get_by_id(pip.id), "cmt", meetings[BodyKind.CMT], text="Both approved after all.")
    data["approves"] = [s2.id]
    assert client.post(f"/pips/{pip.id}/comments/{comment.id}", data=data).status_code == 302
    assert Solution.get_by_id(s1.id).status is SolutionStatus.PROPOSED  # no decision left on S1
    assert Solution.get_by_id(s2.id).status is SolutionStatus.APPROVED
    assert [(d.solution_id, d.approved) for d in SolutionDecision.select()] == [(s2.id, True)]
    decisions = PipChange.select().where(PipChange.what.endswith(": Decisions")).order_by(PipChange.id)
    assert [(c.before, c.after) for c in decisions] == [
        ("", "Approved S1; Not approved S2"),
        ("Approved S1; Not approved S2", "Approved S2"),
    ]
    assert PipChange.get(PipChange.what.endswith(": Comment")).after == "Both approved after all."
    assert client.post(f"/pips/{pip.id}/comments/{comment.id}/remove").status_code == 302
    assert ManagementComment.select().count() == 0 and SolutionDecision.select().count() == 0
    assert Solution.get_by_id(s2.id).status is SolutionStatus.PROPOSED
    assert PipChange.select().where(PipChange.what.startswith("Removed CMT comment")).count() == 1


def test_who_may_change_a_comment(client, login_as, make_pip, meetings, second_client):
    login_as("cmt")
    pip = live_pip(make_pip)
    decide(client, pip, meetings[BodyKind.CMT])
    comment = ManagementComment.get()
    clerk = second_client("clerk")
    assert clerk.get(f"/pips/{pip.id}/comments/{comment.id}/edit").status_code == 403
    assert clerk.post(f"/pips/{pip.id}/comments/{comment.id}/remove").status_code == 403
    assert f"/comments/{comment.id}/edit" not in clerk.get(f"/pips/{pip.id}").get_data(as_text=True)
    another_cmt = second_client("cmt")
    data = comment_data(Pip.get_by_id(pip.id), "cmt", meetings[BodyKind.CMT], text="Corrected")
    assert another_cmt.post(f"/pips/{pip.id}/comments/{comment.id}", data=data).status_code == 302
    assert ManagementComment.get_by_id(comment.id).text == "Corrected"


def test_a_comment_of_another_plan_is_not_found(client, login_as, make_pip):
    login_as("performance")
    mine, theirs = live_pip(make_pip), live_pip(make_pip)
    client.post(f"/pips/{theirs.id}/comments", data=comment_data(theirs, text="Theirs"))
    foreign = ManagementComment.get()
    assert client.get(f"/pips/{mine.id}/comments/{foreign.id}/edit").status_code == 404
    assert client.post(f"/pips/{mine.id}/comments/{foreign.id}", data=comment_data(mine)).status_code == 404
    assert client.post(f"/pips/{mine.id}/comments/{foreign.id}/remove").status_code == 404
    assert ManagementComment.get_by_id(foreign.id).text == "Theirs"


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"made_on-day": "31", "made_on-month": "2"}, "Date must be a real date"),
        ({"made_on-day": "", "made_on-month": "", "made_on-year": ""}, "Enter the date of the comment"),
        ({"made_on-month": ""}, "Date must include a month"),
        ({"text": ""}, "Enter the comment"),
        ({"text": "x" * 10_001}, "Comment must be 10,000 characters or fewer"),
        ({"author": "A" * 101}, "Author must be 100 characters or fewer"),
        ({"author": " "}, "Enter the author&#39;s name"),
        ({"role": ""}, "Choose whose comment this is"),
        ({"role": "chief_executive"}, "Choose one of the roles listed"),
    ],
)
def test_invalid_input_is_refused_and_kept(client, login_as, make_pip, changes, message):
    login_as("performance")
    pip = live_pip(make_pip)
    response = client.post(f"/pips/{pip.id}/comments", data=comment_data(pip, **{"text": "Typed words", **changes}))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "There is a problem" in html and message in html
    if "text" not in changes:
        assert "Typed words" in html
    if "made_on-month" not in changes:
        assert 'value="10"' in html
    assert ManagementComment.select().count() == 0


def test_a_date_in_the_future_is_refused(client, login_as, make_pip):
    login_as("performance")
    pip = live_pip(make_pip)
    tomorrow = date.today() + timedelta(days=1)
    response = client.post(
        f"/pips/{pip.id}/comments",
        data=comment_data(
            pip,
            **{
                "made_on-day": str(tomorrow.day),
                "made_on-month": str(tomorrow.month),
                "made_on-year": str(tomorrow.year),
            },
        ),
    )
    assert response.status_code == 422
    assert "Date must be today or in the past" in response.get_data(as_text=True)
    assert f'value="{tomorrow.year}"' in response.get_data(as_text=True)


def test_htmx_gets_fragments_and_no_javascript_gets_pages(client, login_as, make_pip, meetings):
    login_as("cmt")
    pip = live_pip(make_pip, **TWO_SOLUTIONS)
    page = client.get(f"/pips/{pip.id}/comments/new")
    assert "<html" in page.get_data(as_text=True) and "<h1" in page.get_data(as_text=True)
    fragment = client.htmx("get", f"/pips/{pip.id}/comments/new").get_data(as_text=True)
    assert "<html" not in fragment and 'id="comment-form-new"' in fragment
    s1 = Solution.get(Solution.ref == "S1")
    data = comment_data(pip, "cmt", meetings[BodyKind.CMT], approves=[s1.id])
    response = client.htmx("post", f"/pips/{pip.id}/comments", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in html
    assert '<section id="section-5" class="app-section" aria-labelledby="section-5-heading">' in html
    assert '<section id="section-4" class="app-section" aria-labelledby="section-4-heading" hx-swap-oob="true"' in html
    assert 'id="task-list" hx-swap-oob="true"' in html and "CMT comment added" in html
    invalid = client.htmx("post", f"/pips/{pip.id}/comments", data={**data, "text": ""})
    assert invalid.status_code == 422 and invalid.headers["HX-Retarget"] == "#comment-form-new"
    assert "<html" not in invalid.get_data(as_text=True)
    assert client.post(f"/pips/{pip.id}/comments", data=data).status_code == 302


def test_the_section_cancel_link_works_without_javascript(client, login_as, make_pip):
    login_as("performance")
    pip = live_pip(make_pip)
    assert "<html" in client.get(f"/pips/{pip.id}/sections/comments").get_data(as_text=True)
    fragment = client.htmx("get", f"/pips/{pip.id}/sections/comments").get_data(as_text=True)
    assert fragment.lstrip().startswith('<section id="section-5"')


def test_two_people_adding_comments_at_once_never_conflict(client, login_as, make_pip, meetings, second_client):
    login_as("cmt")
    pip = live_pip(make_pip)
    clerk = second_client("clerk")
    old = Pip.get_by_id(pip.id)  # both forms drawn from this version
    mine = comment_data(old, "cmt", meetings[BodyKind.CMT], text="CMT view")
    theirs = comment_data(old, "members", meetings[BodyKind.AUDIT_AND_PERFORMANCE], text="Members' view")
    assert clerk.post(f"/pips/{pip.id}/comments", data=theirs).status_code == 302
    assert client.htmx("post", f"/pips/{pip.id}/comments", data=mine).status_code == 200
    assert sorted(c.text for c in ManagementComment.select()) == ["CMT view", "Members' view"]


def test_conflicting_edits_of_one_comment_are_refused(client, login_as, make_pip, second_client):
    login_as("performance")
    pip = live_pip(make_pip)
    client.post(f"/pips/{pip.id}/comments", data=comment_data(pip, text="First words"))
    client.post(f"/pips/{pip.id}/comments", data=comment_data(pip, text="Another comment"))
    first, second = ManagementComment.select().order_by(ManagementComment.id)
    drawn = Pip.get_by_id(pip.id)
    other = second_client("performance")
    assert (
        other.post(f"/pips/{pip.id}/comments/{first.id}", data=comment_data(drawn, text="Their words")).status_code
        == 302
    )
    # An edit of another comment, drawn from the same old version, is not a conflict.
    assert (
        client.post(f"/pips/{pip.id}/comments/{second.id}", data=comment_data(drawn, text="Changed too")).status_code
        == 302
    )
    response = client.htmx("post", f"/pips/{pip.id}/comments/{first.id}", data=comment_data(drawn, text="My words"))
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert response.headers["HX-Retarget"] == f"#comment-form-{first.id}"
    assert "Someone else changed this" in html and "Their words" in html and "My words" in html
    assert ManagementComment.get_by_id(first.id).text == "Their words"


def test_word_pasted_text_is_stored_cleanly(client, login_as, make_pip):
    login_as("performance")
    pip = live_pip(make_pip)
    pasted = "\u201cAgreed\u201d\u00a0\u2013 next\x0bline \U0001f44d \u0645\u0631\u062d\u0628\u0627\x07\u202e"
    author = "Zo\u00eb \u2018O\u2019Neil\u2019\x0b"
    client.post(f"/pips/{pip.id}/comments", data=comment_data(pip, text=pasted, author=author))
    comment = ManagementComment.get()
    assert comment.text == "\u201cAgreed\u201d\u00a0\u2013 next\nline \U0001f44d \u0645\u0631\u062d\u0628\u0627"
    assert comment.author == "Zo\u00eb \u2018O\u2019Neil\u2019"
    assert "\u0645\u0631\u062d\u0628\u0627" in client.get(f"/pips/{pip.id}").get_data(as_text=True)


def test_a_closed_plan_takes_no_comments(client, login_as, make_pip):
    login_as("performance")
    pip = live_pip(make_pip)
    client.post(f"/pips/{pip.id}/comments", data=comment_data(pip))
    comment = ManagementComment.get()
    Pip.update(status=PipStatus.COMPLETED.value).where(Pip.id == pip.id).execute()
    assert client.post(f"/pips/{pip.id}/comments", data=comment_data(pip, text="Late")).status_code == 409
    assert client.get(f"/pips/{pip.id}/comments/new").status_code == 409
    assert (
        client.post(
            f"/pips/{pip.id}/comments/{comment.id}", data=comment_data(Pip.get_by_id(pip.id), text="Late")
        ).status_code
        == 409
    )
    assert client.post(f"/pips/{pip.id}/comments/{comment.id}/remove").status_code == 409
    assert [c.text for c in ManagementComment.select()] == ["We support the plan."]
    assert "Add a management comment" not in client.get(f"/pips/{pip.id}").get_data(as_text=True)


def test_the_plan_page_costs_the_same_queries_with_1_or_30_comments(client, login_as, make_pip, meetings, make_user):
    login_as("cmt")
    counts = []
    for size in (1, 30):
        pip = live_pip(make_pip, **TWO_SOLUTIONS)
        s1, s2 = Solution.select().where(Solution.pip == pip).order_by(Solution.ref)
        with database.atomic():
            for n in range(size):
                role = list(CommentRole)[n % 4]
                comment = ManagementComment.create(
                    pip=pip,
                    role=role,
                    author=f"Author {n}",
                    made_on=date(2026, 10, 1 + n % 28),
                    text=f"Text {n}",
                    meeting=None if role is CommentRole.HEAD_OF_SERVICE else meetings[BodyKind.CMT],
                    recorded_by=make_user("cmt"),
                )
                if role is CommentRole.CMT:
                    SolutionDecision.create(comment=comment, solution=s1, approved=True)
                    SolutionDecision.create(comment=comment, solution=s2, approved=False)
        with count_queries() as statements:
            response = client.get(f"/pips/{pip.id}")
        assert response.status_code == 200 and "Text 0" in response.get_data(as_text=True)
        counts.append(len(statements))
    assert counts[0] == counts[1], counts
