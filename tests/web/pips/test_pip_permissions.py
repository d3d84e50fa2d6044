"""Who may use each PIP route (docs/users-and-permissions.md#roles, docs/quality.md), as a matrix: every route of the
pips blueprint, as every role, on a plan of the user's own service or of another, Live, Draft or Completed.
A new route must be placed in a row."""

import re
from datetime import date

import pytest

from tests.web.conftest import present, the_committee
from webapp.domain.bodies import BodyKind
from webapp.domain.pips import CommentRole, PipStatus
from webapp.models import AgendaItem, AgendaPip, Body, CommitteeSeat, ManagementComment, Meeting, Pip, ProgressUpdate

ALLOWED, FORBIDDEN = "allowed", "forbidden"
# "member" sits on the committee the plan was presented to; "member_other" on another committee.
PERSONAS = ["hos_own", "hos_other", "performance", "cmt", "clerk", "member", "member_other", "admin"]
EDITORS = {"hos_own", "performance"}
COMMENTERS = {"hos_own", "performance", "cmt", "clerk"}
READ_ENDPOINTS = {
    "pips.show",
    "pips.download_json",
    "pips.download_word",
    "pips.download_pdf",
    "pips.history",
    "pips.section",
}
EDIT_ENDPOINTS = {
    "details",
    "refresh",
    "new_factor",
    "add_factor",
    "edit_factor",
    "save_factor",
    "remove_factor",
    "new_solution",
    "add_solution",
    "edit_solution",
    "save_solution",
    "remove_solution",
    "new_progress",
    "add_progress",
    "edit_progress",
    "save_progress",
    "remove_progress",
    "edit_comment",
    "save_comment",
    "remove_comment",
    "submit",
    "complete",
    "withdraw",
}


def readers(status):
    """Who reads a plan in `status` that is on published papers (docs/users-and-permissions.md#reading-plans):
    a Member never reads a Draft; another service's Head of Service reads Live and Completed plans (the
    library)."""
    found = {"hos_own", "performance", "cmt", "clerk"}
    if status is not PipStatus.DRAFT:
        found.add("member")
    if status in (PipStatus.LIVE, PipStatus.COMPLETED):
        found.add("hos_other")
    return found


def rules(status):
    """Who may use each endpoint. Comments already made belong to the role they were made in:
    the test's comment is a Head of Service comment, so only editors may change it. Reading a plan in
    the library never lets a Head of Service change or comment on it."""
    found = {endpoint: readers(status) for endpoint in READ_ENDPOINTS}
    found |= {
        "pips.index": {"hos_own", "hos_other", "performance", "cmt", "clerk", "member", "member_other"},
        "pips.upload_json": {"performance"},
        "pips.upload_word": {"performance"},
        "pips.confirm_word": {"performance"},
        "pips.new": EDITORS,
        "pips.new_comment": COMMENTERS,
        "pips.add_comment": COMMENTERS,
        "pips.reopen": {"performance"},
    }
    found.update({f"pips.{name}": EDITORS for name in EDIT_ENDPOINTS})
    return found


RULES = rules(PipStatus.LIVE)


@pytest.fixture
def live_plan(make_pip, make_service, make_user, db):
    return _plan(make_pip, make_service, make_user, PipStatus.LIVE)


def _plan(make_pip, make_service, make_user, status):
    service = make_service("Waste and Recycling")
    pip = make_pip(
        service=service, factors=[("external", "Snow")], solutions=[("Agency drivers", ["E1"])], status=status
    )
    pip.went_live_on = date(2026, 10, 10) if status is not PipStatus.DRAFT else None
    pip.save()
    author = make_user("performance")
    ManagementComment.create(
        pip=pip,
        role=CommentRole.HEAD_OF_SERVICE,
        author="Jane",
        made_on=date(2026, 10, 5),
        text="Vacancies",
        recorded_by=author,
    )
    ProgressUpdate.create(pip=pip, made_on=date(2026, 10, 31), comment="Better", score=93.4)
    present(pip)
    return Pip.get_by_id(pip.id)


def _routes(app, pip):
    ids = {
        "pip_id": pip.id,
        "factor_id": pip.factors[0].id,
        "solution_id": pip.solutions[0].id,
        "comment_id": pip.management_comments[0].id,
        "progress_id": pip.progress_updates[0].id,
        "entry_id": pip.progress_updates[0].id,
        "name": "details",
    }
    rules = [rule for rule in app.url_map.iter_rules() if rule.endpoint.startswith("pips.")]
    # Removals last, so that every other route still finds its rows.
    rules.sort(key=lambda rule: "remove" in rule.endpoint)
    for rule in rules:
        url = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", lambda m: str(ids[m.group(1)]), rule.rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule.endpoint, method, url


def test_every_pip_route_has_a_rule(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules() if rule.endpoint.startswith("pips.")}
    assert endpoints - set(RULES) == set()


@pytest.mark.parametrize("status", [PipStatus.LIVE, PipStatus.DRAFT, PipStatus.COMPLETED], ids=str)
@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_use_each_pip_route(
    app, client, login_as, make_pip, make_service, make_user, red_indicator, persona, status
):
    plan = _plan(make_pip, make_service, make_user, status)
    allowed = rules(status)
    roles = {"hos_own": ["hos"], "hos_other": ["hos"], "member_other": ["member"]}.get(persona, [persona])
    services = [plan.service] if persona == "hos_own" else [make_service()] if persona == "hos_other" else []
    committees = {
        "member": [the_committee()],
        "member_other": [Body.create(name="Resources Committee", kind=BodyKind.POLICY_COMMITTEE)],
    }.get(persona, [])
    login_as(*roles, services=services, committees=committees)
    # The PDF's permission check comes before LibreOffice is asked: without it, a reader gets the page that
    # says so (503), anyone else 403, and the matrix makes no PDFs (tests/web/pips/test_pip_pdf.py makes one).
    app.config["SOFFICE_PATH"] = "/nowhere/soffice"
    if persona == "hos_own":
        red_indicator(service=plan.service)  # something of theirs to raise a plan for
    outcomes = {}
    for endpoint, method, url in _routes(app, plan):
        response = client.open(url, method=method, data={})
        assert response.status_code != 500
        if response.status_code == 302:
            assert not response.headers["Location"].startswith("/sign-in"), url
        outcomes[(method, url)] = FORBIDDEN if response.status_code == 403 else ALLOWED
        expected = ALLOWED if persona in allowed[endpoint] else FORBIDDEN
        assert outcomes[(method, url)] == expected, f"{persona} {method} {url}: {response.status_code}"


def test_a_head_of_service_lists_other_services_live_and_completed_plans_but_not_their_drafts(
    client, login_as, make_service, make_pip, db
):
    """docs/users-and-permissions.md#reading-plans: the plan list shows the library too, never another service's
    Draft or Withdrawn plan."""
    other = make_service()
    codes = {}
    for status in PipStatus:
        pip = make_pip(service=other, status=status)
        codes[status] = f"ZZ{len(codes)}"
        Pip.update(pi_code=codes[status]).where(Pip.id == pip.id).execute()
    login_as("hos", services=[make_service()])
    listing = client.get("/pips/").get_data(as_text=True)
    assert codes[PipStatus.LIVE] in listing and codes[PipStatus.COMPLETED] in listing
    assert codes[PipStatus.DRAFT] not in listing and codes[PipStatus.WITHDRAWN] not in listing


def test_a_head_of_service_who_once_commented_cannot_change_it_after_losing_the_service(
    client, login_as, make_service, make_user, sign_in, live_plan, db
):
    """A Head of Service reads another service's Live plan, but changes nothing on it, not even a comment they
    recorded while the service was theirs."""
    former = make_user("hos", services=[make_service()])
    comment = ManagementComment.create(
        pip=live_plan,
        role=CommentRole.HEAD_OF_SERVICE,
        author=former.name,
        made_on=date(2026, 10, 6),
        text="Before the restructure",
        recorded_by=former,
    )
    sign_in(former)
    page = client.get(f"/pips/{live_plan.id}")
    assert page.status_code == 200 and "Before the restructure" in page.get_data(as_text=True)
    assert f"/comments/{comment.id}/edit" not in page.get_data(as_text=True)
    assert client.get(f"/pips/{live_plan.id}/comments/{comment.id}/edit").status_code == 403
    assert client.post(f"/pips/{live_plan.id}/comments/{comment.id}/remove", data={}).status_code == 403
    assert ManagementComment.get_or_none(ManagementComment.id == comment.id) is not None


def test_members_read_only_the_plans_presented_on_published_papers(client, login_as, make_pip, live_plan, db):
    """docs/users-and-permissions.md#roles: a Member reads the plans presented to their committees: on published
    papers."""
    unpresented = make_pip(status=PipStatus.LIVE)
    Pip.update(pi_code="ZZ9").where(Pip.id == unpresented.id).execute()
    on_a_draft_agenda = make_pip(status=PipStatus.LIVE)
    Pip.update(pi_code="YY8").where(Pip.id == on_a_draft_agenda.id).execute()
    later = Meeting.create(body=Body.get(), date=date(2027, 3, 11))
    AgendaPip.create(item=AgendaItem.create(meeting=later), pip=on_a_draft_agenda, position=1)
    login_as("member", committees=[the_committee()])
    listing = client.get("/pips/").get_data(as_text=True)
    assert live_plan.pi_code in listing and "ZZ9" not in listing and "YY8" not in listing
    assert client.get(f"/pips/{live_plan.id}").status_code == 200
    for pip in (unpresented, on_a_draft_agenda):
        assert client.get(f"/pips/{pip.id}").status_code == 403
        assert client.get(f"/pips/{pip.id}/plan.json").status_code == 403


def test_a_member_reads_the_plans_presented_to_their_committees_and_referred_to_them(
    client, login_as, make_pip, make_user, sign_in, db
):
    """docs/users-and-permissions.md#members-and-their-committees: a Member of a policy committee reads the plan
    the A&P Committee referred to it, not the others it was shown; once seated on the A&P Committee as well, they
    read those too, in the list and on their page."""
    development = Body.create(name="Development Committee", kind=BodyKind.POLICY_COMMITTEE)
    referred, noted = make_pip(status=PipStatus.LIVE), make_pip(status=PipStatus.LIVE)
    for pip, code in ((referred, "REF1"), (noted, "NOT1")):
        Pip.update(pi_code=code).where(Pip.id == pip.id).execute()
        present(pip)
    AgendaPip.update(outcome="referred", referred_to=development).where(AgendaPip.pip == referred.id).execute()
    member = login_as("member", committees=[development])
    listing = client.get("/pips/").get_data(as_text=True)
    assert "REF1" in listing and "NOT1" not in listing
    assert client.get(f"/pips/{referred.id}").status_code == 200
    assert client.get(f"/pips/{noted.id}").status_code == 403

    CommitteeSeat.create(user=member, body=the_committee())  # the administrator gives them a seat on A&P
    listing = client.get("/pips/").get_data(as_text=True)
    assert "REF1" in listing and "NOT1" in listing
    assert client.get(f"/pips/{noted.id}").status_code == 200
