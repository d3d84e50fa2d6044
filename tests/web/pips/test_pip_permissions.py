"""Who may use each PIP route (docs/users-and-permissions.md#roles, docs/quality.md), as a matrix: every route of the
pips blueprint, as
every role, on a plan of the user's own service or of another. A new route must be placed in a row."""

import re
from datetime import date

import pytest

from tests.web.conftest import present
from webapp.domain.pips import CommentRole, PipStatus
from webapp.models import AgendaItem, AgendaPip, Body, ManagementComment, Meeting, Pip, ProgressUpdate

ALLOWED, FORBIDDEN = "allowed", "forbidden"
PERSONAS = ["hos_own", "hos_other", "performance", "cmt", "clerk", "member", "admin"]
READERS = {"hos_own", "performance", "cmt", "clerk", "member"}
EDITORS = {"hos_own", "performance"}
COMMENTERS = {"hos_own", "performance", "cmt", "clerk"}

# Who may use each endpoint. Comments already made belong to the role they were made in:
# the test's comment is a Head of Service comment, so only editors may change it.
RULES = {
    "pips.index": READERS | {"hos_other"},
    "pips.show": READERS,
    "pips.download_json": READERS,
    "pips.download_word": READERS,
    "pips.upload_json": {"performance"},
    "pips.history": READERS,
    "pips.section": READERS,
    "pips.new": EDITORS,
    "pips.new_comment": COMMENTERS,
    "pips.add_comment": COMMENTERS,
    "pips.reopen": {"performance"},
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
RULES.update({f"pips.{name}": EDITORS for name in EDIT_ENDPOINTS})


@pytest.fixture
def live_plan(make_pip, make_service, make_user, db):
    service = make_service("Waste and Recycling")
    pip = make_pip(
        service=service, factors=[("external", "Snow")], solutions=[("Agency drivers", ["E1"])], status=PipStatus.LIVE
    )
    pip.went_live_on = date(2026, 10, 10)
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


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_use_each_pip_route(app, client, login_as, make_service, live_plan, red_indicator, persona):
    roles = {"hos_own": ["hos"], "hos_other": ["hos"]}.get(persona, [persona])
    services = [live_plan.service] if persona == "hos_own" else [make_service()] if persona == "hos_other" else []
    login_as(*roles, services=services)
    if persona == "hos_own":
        red_indicator(service=live_plan.service)  # something of theirs to raise a plan for
    outcomes = {}
    for endpoint, method, url in _routes(app, live_plan):
        response = client.open(url, method=method, data={})
        assert response.status_code != 500
        if response.status_code == 302:
            assert not response.headers["Location"].startswith("/sign-in"), url
        outcomes[(method, url)] = FORBIDDEN if response.status_code == 403 else ALLOWED
        expected = ALLOWED if persona in RULES[endpoint] else FORBIDDEN
        assert outcomes[(method, url)] == expected, f"{persona} {method} {url}: {response.status_code}"


def test_a_head_of_service_lists_only_their_own_services_plans(client, login_as, make_service, live_plan):
    login_as("hos", services=[make_service()])
    assert live_plan.pi_code not in client.get("/pips/").get_data(as_text=True)


def test_members_read_only_the_plans_presented_on_published_papers(client, login_as, make_pip, live_plan, db):
    """docs/users-and-permissions.md#roles: a Member reads the plans presented to their committees: on published
    papers."""
    unpresented = make_pip(status=PipStatus.LIVE)
    Pip.update(pi_code="ZZ9").where(Pip.id == unpresented.id).execute()
    on_a_draft_agenda = make_pip(status=PipStatus.LIVE)
    Pip.update(pi_code="YY8").where(Pip.id == on_a_draft_agenda.id).execute()
    later = Meeting.create(body=Body.get(), date=date(2027, 3, 11))
    AgendaPip.create(item=AgendaItem.create(meeting=later), pip=on_a_draft_agenda, position=1)
    login_as("member")
    listing = client.get("/pips/").get_data(as_text=True)
    assert live_plan.pi_code in listing and "ZZ9" not in listing and "YY8" not in listing
    assert client.get(f"/pips/{live_plan.id}").status_code == 200
    for pip in (unpresented, on_a_draft_agenda):
        assert client.get(f"/pips/{pip.id}").status_code == 403
        assert client.get(f"/pips/{pip.id}/plan.json").status_code == 403
