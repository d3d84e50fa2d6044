"""Section 4 Proposed Solutions: add, change, remove, the factors × solutions matrix (docs/plans.md#the-plan,
docs/plans.md#validation-limits, docs/plans.md#changes-and-history)."""

import re
from datetime import date
from decimal import Decimal

import pytest

from tests.querycount import count_queries
from webapp.domain.pips import PipStatus, Resourcing, SolutionStatus
from webapp.models import Factor, Pip, PipChange, Solution, SolutionFactor

PASSWORD = "correct horse battery staple"


def solution_data(pip, **changes):
    """A valid form, with field names as the page sends them (the form's prefix is "solution-")."""
    data = {
        "version": pip.version,
        "description": "Hire agency drivers for the winter",
        "target_date-day": "1",
        "target_date-month": "12",
        "target_date-year": "2026",
        "factors": [],
        "resourcing": "within_service",
        "funding_amount": "",
        "funding_note": "",
        "time_lag": "",
        "option_group": "",
        "strengths": "",
        "weaknesses": "",
        "status": "proposed",
    }
    data.update(changes)
    return {f"solution-{name}": value for name, value in data.items()}


def factor_ids(pip, *refs):
    return [Factor.get((Factor.pip == pip) & (Factor.ref == ref)).id for ref in refs]


def solution(pip, ref):
    return Solution.get((Solution.pip == pip) & (Solution.ref == ref))


@pytest.fixture
def plan(make_pip):
    """A Draft plan with three factors and no solutions."""
    return make_pip(
        factors=[
            ("external", "Heavy snow in January"),
            ("external", "Fuel strike"),
            ("internal", "Two driver vacancies"),
        ]
    )


@pytest.fixture
def other_client(app, make_user):
    def make(*roles, services=()):
        user = make_user(*roles, services=services)
        other = app.test_client()
        assert other.post("/sign-in", data={"email": user.email, "password": PASSWORD}).status_code == 302
        other.refresh_csrf("/")
        return other

    return make


def test_the_add_form_offers_only_this_plans_factors(client, login_as, plan, make_pip):
    login_as("performance")
    make_pip(factors=[("external", "Somebody else's factor")])
    html = client.get(f"/pips/{plan.id}/solutions/new").get_data(as_text=True)
    assert "<html" in html and "Section 4 Proposed Solutions" in html
    assert "E1 – Heavy snow in January" in html and "I1 – Two driver vacancies" in html
    assert "Somebody else" not in html
    for words in (
        "Target Date",
        "Factors Addressed",
        "Within the service",
        "Extra funding sought",
        "Funding amount (£)",
        "Funding route",
        "Option group",
        "Strengths",
        "Weaknesses",
        "Not approved",
    ):
        assert words in html
    fragment = client.htmx("get", f"/pips/{plan.id}/solutions/new").get_data(as_text=True)
    assert "<html" not in fragment and 'id="solution-form-new"' in fragment


def test_add_a_solution_with_htmx_returns_the_section_and_task_list(client, login_as, plan):
    user = login_as("performance")
    response = client.htmx(
        "post", f"/pips/{plan.id}/solutions", data=solution_data(plan, factors=factor_ids(plan, "E1", "I1"))
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200, html
    assert '<section id="section-4"' in html and 'id="task-list" hx-swap-oob="true"' in html
    assert "<html" not in html and 'id="solution-S1"' in html and "E1, I1" in html
    assert "Solution S1 added" in html and "1 December 2026" in html
    added = solution(plan, "S1")
    assert (added.status, added.resourcing, added.target_date) == (
        SolutionStatus.PROPOSED,
        Resourcing.WITHIN_SERVICE,
        date(2026, 12, 1),
    )
    assert Pip.get_by_id(plan.id).last_solution_number == 1
    change = PipChange.get(PipChange.what == "Added solution S1")
    assert (change.after, change.changed_by_id, change.subject) == (
        "Hire agency drivers for the winter",
        user.id,
        "solutions",
    )
    assert PipChange.get(PipChange.what == "Solution S1: Factors Addressed").after == "E1, I1"


def test_add_a_solution_without_javascript_redirects_to_its_row(client, login_as, plan):
    login_as("performance")
    response = client.post(f"/pips/{plan.id}/solutions", data=solution_data(plan))
    assert response.status_code == 302
    assert response.headers["Location"] == f"/pips/{plan.id}#solution-S1"
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Solution S1 added" in html and "Hire agency drivers for the winter" in html


def test_references_are_never_reused_after_removal(client, login_as, plan):
    login_as("performance")
    for text in ("Agency drivers", "New rounds"):
        assert client.post(f"/pips/{plan.id}/solutions", data=solution_data(plan, description=text)).status_code == 302
    s2 = solution(plan, "S2")
    response = client.htmx("post", f"/pips/{plan.id}/solutions/{s2.id}/remove")
    assert response.status_code == 200 and "Solution S2 removed" in response.get_data(as_text=True)
    response = client.post(f"/pips/{plan.id}/solutions", data=solution_data(plan, description="Overtime"))
    assert response.status_code == 302
    assert sorted(s.ref for s in Solution.select().where(Solution.pip == plan)) == ["S1", "S3"]
    assert solution(plan, "S3").description == "Overtime"


def test_change_a_solution_records_each_changed_field(client, login_as, make_pip):
    login_as("performance")
    pip = make_pip(factors=[("external", "Snow"), ("internal", "Vacancies")], solutions=[("Agency drivers", ["E1"])])
    s1 = solution(pip, "S1")
    form = client.get(f"/pips/{pip.id}/solutions/{s1.id}/edit").get_data(as_text=True)
    assert "Agency drivers" in form and re.search(rf'<input checked[^>]*value="{factor_ids(pip, "E1")[0]}"', form)
    response = client.htmx(
        "post",
        f"/pips/{pip.id}/solutions/{s1.id}",
        data=solution_data(
            pip,
            description="Agency drivers from November",
            factors=factor_ids(pip, "E1", "I1"),
            **{"target_date-day": "15", "target_date-month": "1", "target_date-year": "2027"},
        ),
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200, html
    assert 'id="solution-S1"' in html and "E1, I1" in html and "15 January 2027" in html
    changes = {c.what: (c.before, c.after, c.subject) for c in PipChange.select()}
    assert changes["Solution S1: Description"][:2] == ("Agency drivers", "Agency drivers from November")
    assert changes["Solution S1: Target Date"][:2] == ("1 December 2026", "15 January 2027")
    assert changes["Solution S1: Factors Addressed"] == ("E1", "E1, I1", f"solution:{s1.id}")
    assert "Solution S1: Status" not in changes  # unchanged fields are not recorded


def test_change_without_javascript_redirects(client, login_as, make_pip):
    login_as("performance")
    pip = make_pip(factors=[("external", "Snow")], solutions=[("Agency drivers", ["E1"])])
    s1 = solution(pip, "S1")
    response = client.post(
        f"/pips/{pip.id}/solutions/{s1.id}",
        data=solution_data(pip, description="Overtime", factors=factor_ids(pip, "E1")),
    )
    assert response.status_code == 302 and response.headers["Location"].endswith("#solution-S1")
    assert Solution.get_by_id(s1.id).description == "Overtime"


def test_remove_in_a_live_plan_keeps_it_in_the_history(client, login_as, make_pip):
    login_as("performance")
    pip = make_pip(
        factors=[("external", "Snow")],
        solutions=[("Agency drivers", ["E1"]), ("Overtime", ["E1"])],
        status=PipStatus.LIVE,
    )
    s2 = solution(pip, "S2")
    response = client.post(f"/pips/{pip.id}/solutions/{s2.id}/remove")
    assert response.status_code == 302 and response.headers["Location"].endswith("#section-4")
    assert not Solution.select().where(Solution.id == s2.id).exists()
    changes = {c.what: c.before for c in PipChange.select()}
    assert changes["Removed solution S2"] == "Overtime"
    assert changes["Removed solution S2: Target Date"] == "1 December 2026"
    assert changes["Removed solution S2: Factors Addressed"] == "E1"
    history = client.get(f"/pips/{pip.id}/history").get_data(as_text=True)
    assert "Removed solution S2" in history and "Overtime" in history


def test_a_factor_of_another_plan_is_refused(client, login_as, plan, make_pip):
    login_as("performance")
    theirs = make_pip(factors=[("internal", "Their factor")])
    foreign = Factor.get(Factor.pip == theirs)
    for factors in ([foreign.id], [factor_ids(plan, "E1")[0], foreign.id], ["99999"], ["E1"]):
        response = client.post(f"/pips/{plan.id}/solutions", data=solution_data(plan, factors=factors))
        html = response.get_data(as_text=True)
        assert response.status_code == 422
        assert "There is a problem" in html and "Choose only factors of this plan" in html
    assert Solution.select().count() == 0
    pip = make_pip(factors=[("external", "Snow")], solutions=[("Agency drivers", ["E1"])])
    s1 = solution(pip, "S1")
    response = client.post(f"/pips/{pip.id}/solutions/{s1.id}", data=solution_data(pip, factors=[foreign.id]))
    assert response.status_code == 422
    assert [f.ref for f in Factor.select().join(SolutionFactor).where(SolutionFactor.solution == s1.id)] == ["E1"]


def test_a_solution_of_another_plan_is_not_found(client, login_as, plan, make_pip):
    login_as("performance")
    theirs = make_pip(factors=[("external", "Snow")], solutions=[("Theirs", ["E1"])])
    foreign = solution(theirs, "S1")
    assert client.get(f"/pips/{plan.id}/solutions/{foreign.id}/edit").status_code == 404
    assert (
        client.post(
            f"/pips/{plan.id}/solutions/{foreign.id}", data=solution_data(plan, description="hijack")
        ).status_code
        == 404
    )
    assert client.post(f"/pips/{plan.id}/solutions/{foreign.id}/remove").status_code == 404
    assert Solution.get_by_id(foreign.id).description == "Theirs"


@pytest.mark.parametrize(
    "resourcing, amount, message",
    [
        ("extra_funding", "-5", "Funding amount (£) cannot be negative"),
        ("extra_funding", "", "Enter the funding amount sought, in £"),
        ("extra_funding", "lots", "Funding amount (£) must be a number"),
        ("extra_funding", "12.345", "Funding amount (£) must be in pounds and pence"),
        ("extra_funding", "1e309", "Funding amount (£) must be less than £1,000,000,000,000"),
        ("extra_funding", "1000000000000", "Funding amount (£) must be less than £1,000,000,000,000"),
    ],
)
def test_funding_amount_validation(client, login_as, plan, resourcing, amount, message):
    login_as("performance")
    response = client.htmx(
        "post", f"/pips/{plan.id}/solutions", data=solution_data(plan, resourcing=resourcing, funding_amount=amount)
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert response.headers["HX-Retarget"] == "#solution-form-new"
    assert message in html and f'value="{amount}"' in html
    assert Solution.select().count() == 0


def test_extra_funding_in_pounds_is_saved_and_shown(client, login_as, plan):
    login_as("performance")
    response = client.post(
        f"/pips/{plan.id}/solutions",
        data=solution_data(
            plan, resourcing="extra_funding", funding_amount="£18,000", funding_note="Winter pressures bid to Finance"
        ),
    )
    assert response.status_code == 302
    added = solution(plan, "S1")
    assert (added.resourcing, added.funding_amount) == (Resourcing.EXTRA_FUNDING, Decimal("18000.00"))
    html = client.get(f"/pips/{plan.id}").get_data(as_text=True)
    assert "Extra funding sought: £18,000.00 — Winter pressures bid to Finance" in re.sub(r"<[^>]+>", "", html)
    edit = client.get(f"/pips/{plan.id}/solutions/{added.id}/edit").get_data(as_text=True)
    assert 'value="18,000.00"' in edit
    Solution.update(funding_amount=Decimal("1234567.89")).where(Solution.id == added.id).execute()
    edit = client.get(f"/pips/{plan.id}/solutions/{added.id}/edit").get_data(as_text=True)
    assert 'value="1,234,567.89"' in edit  # never rounded on its way back into the form


def test_within_the_service_keeps_no_funding_amount(client, login_as, plan):
    login_as("performance")
    client.post(f"/pips/{plan.id}/solutions", data=solution_data(plan, funding_amount="500", funding_note="x"))
    added = solution(plan, "S1")
    assert (added.funding_amount, added.funding_note) == (None, "")
    assert "Within the service" in client.get(f"/pips/{plan.id}").get_data(as_text=True)


def test_invalid_input_is_kept_and_nothing_saved(client, login_as, plan):
    login_as("performance")
    data = solution_data(
        plan, description="", time_lag="Three months", **{"target_date-day": "31", "target_date-month": "2"}
    )
    response = client.post(f"/pips/{plan.id}/solutions", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "<html" in html
    assert "Describe the solution" in html and "Target Date must be a real date" in html
    assert "Three months" in html and 'value="31"' in html
    too_long = client.post(f"/pips/{plan.id}/solutions", data=solution_data(plan, description="x" * 10_001))
    assert too_long.status_code == 422 and "10,000 characters or fewer" in too_long.get_data(as_text=True)
    assert Solution.select().count() == 0


def test_a_live_plan_needs_a_target_date_and_factors(client, login_as, make_pip):
    login_as("performance")
    pip = make_pip(factors=[("external", "Snow")], status=PipStatus.LIVE)
    response = client.post(
        f"/pips/{pip.id}/solutions",
        data=solution_data(pip, **{"target_date-day": "", "target_date-month": "", "target_date-year": ""}),
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Enter the Target Date" in html and "Choose the Factors Addressed" in html


def test_a_draft_may_leave_the_target_date_and_factors_for_later(client, login_as, plan):
    login_as("performance")
    response = client.post(
        f"/pips/{plan.id}/solutions",
        data=solution_data(plan, **{"target_date-day": "", "target_date-month": "", "target_date-year": ""}),
    )
    assert response.status_code == 302
    assert solution(plan, "S1").target_date is None
    html = client.get(f"/pips/{plan.id}").get_data(as_text=True)
    assert "Not given" in html and "None chosen" in html


def test_a_head_of_service_cannot_approve_or_decline(client, login_as, make_pip):
    user = login_as("hos")
    service = next(iter(user.service_rows)).service
    pip = make_pip(service=service, factors=[("external", "Snow")], solutions=[("Agency drivers", ["E1"])])
    s1 = solution(pip, "S1")
    for status in ("approved", "not_approved"):
        response = client.post(
            f"/pips/{pip.id}/solutions/{s1.id}", data=solution_data(pip, status=status, factors=factor_ids(pip, "E1"))
        )
        assert response.status_code == 422
        assert "Only CMT can approve or decline a solution" in response.get_data(as_text=True)
    assert client.post(f"/pips/{pip.id}/solutions", data=solution_data(pip, status="approved")).status_code == 422
    assert Solution.get_by_id(s1.id).status is SolutionStatus.PROPOSED
    # Nor put in place a solution CMT has not approved (Proposed, then Approved, then In place).
    response = client.post(
        f"/pips/{pip.id}/solutions/{s1.id}",
        data=solution_data(pip, status="in_place", description="Typed", factors=factor_ids(pip, "E1")),
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "A solution is put in place once CMT has approved it" in html and "Typed</textarea>" in html
    assert Solution.get_by_id(s1.id).status is SolutionStatus.PROPOSED
    # Once CMT approved it, the Head of Service puts it in place.
    Solution.update(status=SolutionStatus.APPROVED).where(Solution.id == s1.id).execute()
    response = client.post(
        f"/pips/{pip.id}/solutions/{s1.id}",
        data=solution_data(Pip.get_by_id(pip.id), status="in_place", factors=factor_ids(pip, "E1")),
    )
    assert response.status_code == 302
    assert Solution.get_by_id(s1.id).status is SolutionStatus.IN_PLACE
    # A solution CMT approved keeps its status when the Head of Service changes its words.
    Solution.update(status=SolutionStatus.APPROVED).where(Solution.id == s1.id).execute()
    response = client.post(
        f"/pips/{pip.id}/solutions/{s1.id}",
        data=solution_data(
            Pip.get_by_id(pip.id), status="approved", description="Reworded", factors=factor_ids(pip, "E1")
        ),
    )
    assert response.status_code == 302
    assert Solution.get_by_id(s1.id).status is SolutionStatus.APPROVED


def test_a_performance_officer_may_set_any_status(client, login_as, make_pip):
    login_as("performance")
    pip = make_pip(factors=[("external", "Snow")], solutions=[("Agency drivers", ["E1"])])
    s1 = solution(pip, "S1")
    response = client.post(
        f"/pips/{pip.id}/solutions/{s1.id}",
        data=solution_data(pip, status="not_approved", factors=factor_ids(pip, "E1")),
    )
    assert response.status_code == 302
    assert Solution.get_by_id(s1.id).status is SolutionStatus.NOT_APPROVED
    assert "Not approved" in client.get(f"/pips/{pip.id}").get_data(as_text=True)


def test_the_matrix_and_the_unaddressed_factor_warning(client, login_as, make_pip):
    login_as("cmt")
    pip = make_pip(
        factors=[("external", "Snow"), ("external", "Fuel strike"), ("internal", "Vacancies")],
        solutions=[("Agency drivers", ["E1"]), ("Gritting", ["E1"])],
    )
    html = client.get(f"/pips/{pip.id}").get_data(as_text=True)
    section = html[html.index('<section id="section-4"') :]
    section = section[: section.index("</section>")]
    assert "No solution addresses E2, I1" in section and "govuk-warning-text" in section
    matrix = section[section.index("app-matrix") :]
    assert '<th scope="col" class="govuk-table__header">S1</th>' in matrix
    assert '<th scope="col" class="govuk-table__header">S2</th>' in matrix
    assert re.search(r'<th scope="row"[^>]*>E1 <span[^>]*>Snow</span></th>', matrix)
    assert matrix.count('<span aria-hidden="true">✓</span> Addresses') == 2
    assert matrix.count('<span class="govuk-visually-hidden">No</span>') == 4
    assert "Change" not in section  # a CMT member reads, and cannot edit
    SolutionFactor.create(solution=solution(pip, "S2"), factor=Factor.get(Factor.ref == "E2"))
    SolutionFactor.create(solution=solution(pip, "S2"), factor=Factor.get(Factor.ref == "I1"))
    html = client.get(f"/pips/{pip.id}").get_data(as_text=True)
    assert "No solution addresses" not in html


def test_alternatives_are_grouped_with_strengths_and_weaknesses(client, login_as, plan):
    login_as("performance")
    client.post(f"/pips/{plan.id}/solutions", data=solution_data(plan, description="Outsource"))
    for text, strength in (("Four-day rounds", "Cheap"), ("Saturday rounds", "Quick")):
        client.post(
            f"/pips/{plan.id}/solutions",
            data=solution_data(
                plan, description=text, option_group="Winter rounds", strengths=strength, weaknesses="Union talks"
            ),
        )
    html = client.get(f"/pips/{plan.id}").get_data(as_text=True)
    assert html.count("Option group: Winter rounds") == 1
    group = html[html.index("Option group: Winter rounds") :]
    assert "Four-day rounds" in group and "Saturday rounds" in group and "Outsource" not in group
    assert '<strong>Strengths:</strong> <span class="app-text">Cheap</span>' in group
    assert "<strong>Weaknesses:</strong>" in group


def test_two_people_changing_one_solution_never_overwrite_each_other(client, login_as, make_pip, other_client):
    login_as("performance")
    pip = make_pip(factors=[("external", "Snow")], solutions=[("Agency drivers", ["E1"]), ("Overtime", ["E1"])])
    s1, s2 = solution(pip, "S1"), solution(pip, "S2")
    other = other_client("performance")
    stale = solution_data(pip, factors=factor_ids(pip, "E1"))
    response = other.post(f"/pips/{pip.id}/solutions/{s1.id}", data={**stale, "solution-description": "Theirs"})
    assert response.status_code == 302
    response = client.htmx("post", f"/pips/{pip.id}/solutions/{s1.id}", data={**stale, "solution-description": "Mine"})
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Someone else changed this" in html and "Solution S1: Description" in html and "Theirs" in html
    assert re.search(r"<textarea[^>]*>\s*Mine</textarea>", html)
    assert response.headers["HX-Retarget"] == f"#solution-form-{s1.id}"
    assert Solution.get_by_id(s1.id).description == "Theirs"
    # The form shown again carries the current version: saving it now succeeds.
    version = re.search(r'name="solution-version" type="hidden" value="(\d+)"', html).group(1)
    retry = client.post(
        f"/pips/{pip.id}/solutions/{s1.id}", data={**stale, "solution-description": "Mine", "solution-version": version}
    )
    assert retry.status_code == 302, (version, retry.get_data(as_text=True)[-6000:])
    assert Solution.get_by_id(s1.id).description == "Mine"
    # A change to a different solution, from the same stale page, does not conflict.
    response = client.post(f"/pips/{pip.id}/solutions/{s2.id}", data={**stale, "solution-description": "Overtime+"})
    assert response.status_code == 302 and Solution.get_by_id(s2.id).description == "Overtime+"


def test_a_solution_changed_by_a_factor_removal_is_not_overwritten(client, login_as, make_pip, other_client):
    login_as("performance")
    pip = make_pip(
        factors=[("external", "Snow"), ("internal", "Vacancies")], solutions=[("Agency drivers", ["E1", "I1"])]
    )
    s1 = solution(pip, "S1")
    stale = solution_data(pip, factors=factor_ids(pip, "E1", "I1"))
    other = other_client("performance")
    # Removing a factor the solution addresses changes the solution too.
    assert other.post(f"/pips/{pip.id}/factors/{factor_ids(pip, 'E1')[0]}/remove").status_code == 302
    response = client.post(f"/pips/{pip.id}/solutions/{s1.id}", data={**stale, "solution-description": "Mine"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "Choose only factors of this plan" in html
    assert "E1 – Snow" not in html and "I1 – Vacancies" in html
    again = {**stale, "solution-description": "Mine", "solution-factors": factor_ids(pip, "I1")}
    response = client.post(f"/pips/{pip.id}/solutions/{s1.id}", data=again)
    html = response.get_data(as_text=True)
    assert response.status_code == 409 and "<html" in html and "no longer addresses E1" in html
    assert Solution.get_by_id(s1.id).description == "Agency drivers"
    # Removed meanwhile: nothing saved, what was typed offered to add again (docs/concurrency.md).
    assert other.post(f"/pips/{pip.id}/solutions/{s1.id}/remove").status_code == 302
    removed = client.post(f"/pips/{pip.id}/solutions/{s1.id}", data=again)
    html = removed.get_data(as_text=True)
    assert removed.status_code == 409 and "Someone else removed this solution after you opened it" in html
    assert "Mine</textarea>" in html and f'action="/pips/{pip.id}/solutions"' in html


@pytest.mark.parametrize("roles", [("hos",), ("cmt",), ("clerk",), ("member",)])
def test_only_the_plans_editors_may_change_solutions(client, login_as, make_pip, roles):
    login_as(*roles)  # a Head of Service here heads another service
    pip = make_pip(factors=[("external", "Snow")], solutions=[("Agency drivers", ["E1"])], status=PipStatus.LIVE)
    s1 = solution(pip, "S1")
    assert client.get(f"/pips/{pip.id}/solutions/new").status_code == 403
    assert client.get(f"/pips/{pip.id}/solutions/{s1.id}/edit").status_code == 403
    assert client.post(f"/pips/{pip.id}/solutions", data=solution_data(pip)).status_code == 403
    assert (
        client.post(f"/pips/{pip.id}/solutions/{s1.id}", data=solution_data(pip, description="hijack")).status_code
        == 403
    )
    assert client.htmx("post", f"/pips/{pip.id}/solutions/{s1.id}/remove").status_code == 403
    assert [s.description for s in Solution.select()] == ["Agency drivers"]


def test_anonymous_users_are_sent_to_sign_in(client, make_pip):
    pip = make_pip(factors=[("external", "Snow")], solutions=[("Agency drivers", ["E1"])])
    for url in (f"/pips/{pip.id}/solutions/new", f"/pips/{pip.id}/solutions/1/edit"):
        response = client.get(url)
        assert response.status_code == 302 and "/sign-in" in response.headers["Location"]
    response = client.post(f"/pips/{pip.id}/solutions/1/remove")
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]
    assert Solution.select().count() == 1


def test_a_completed_plan_is_read_only(client, login_as, make_pip):
    login_as("performance")
    pip = make_pip(factors=[("external", "Snow")], solutions=[("Agency drivers", ["E1"])], status=PipStatus.COMPLETED)
    s1 = solution(pip, "S1")
    assert client.get(f"/pips/{pip.id}/solutions/new").status_code == 409
    assert client.post(f"/pips/{pip.id}/solutions", data=solution_data(pip)).status_code == 409
    assert (
        client.post(f"/pips/{pip.id}/solutions/{s1.id}", data=solution_data(pip, description="late")).status_code == 409
    )
    assert client.post(f"/pips/{pip.id}/solutions/{s1.id}/remove").status_code == 409
    assert [s.description for s in Solution.select()] == ["Agency drivers"]
    html = client.get(f"/pips/{pip.id}").get_data(as_text=True)
    assert "Add solution" not in html and f"/solutions/{s1.id}/edit" not in html


def test_the_plan_page_costs_the_same_queries_with_1_or_30_solutions(client, login_as, make_pip):
    login_as("performance")
    counts = []
    for rows in (1, 30):
        pip = make_pip(
            factors=[("external", f"Factor {n}") for n in range(rows)],
            solutions=[(f"Solution {n}", sorted({"E1", f"E{rows}"})) for n in range(rows)],
        )
        Solution.update(
            option_group="Winter rounds", resourcing=Resourcing.EXTRA_FUNDING, funding_amount=Decimal("100")
        ).where(Solution.pip == pip).execute()
        with count_queries() as statements:
            html = client.get(f"/pips/{pip.id}").get_data(as_text=True)
        assert f'id="solution-S{rows}"' in html
        counts.append(len(statements))
    assert counts[0] == counts[1]


def test_a_factor_added_or_changed_with_htmx_redraws_the_matrix_alone(client, login_as, make_pip):
    """A factor's row action sends back its section, Section 4's matrix out of band (not the whole section:
    a new factor is addressed by no solution, a changed one keeps its reference) and the task list only
    when a section's state changed (webapp/pips/responses.py)."""
    login_as("performance")
    pip = make_pip(factors=[("external", "Snow")], solutions=[("Agency drivers", ["E1"])])
    data = {"version": pip.version, "kind": "internal", "duration": "temporary", "description": "Two vacancies"}
    html = client.htmx("post", f"/pips/{pip.id}/factors", data=data).get_data(as_text=True)
    assert '<section id="section-3"' in html and '<section id="section-4"' not in html
    assert '<div id="solutions-matrix" hx-swap-oob="true">' in html and "No solution addresses I1" in html
    assert 'id="task-list" hx-swap-oob="true"' in html  # Section 3 went from Not started to Completed
    assert 'id="plan-summary"' not in html
    factor = Factor.get(Factor.ref == "I1")
    page = client.htmx("get", f"/pips/{pip.id}/factors/{factor.id}/edit").get_data(as_text=True)
    data = {name: value for name, value in re.findall(r'name="([^"]+)"[^>]*value="([^"]*)"', page)}
    data |= {"kind": "internal", "duration": "temporary", "description": "Three vacancies"}
    html = client.htmx("post", f"/pips/{pip.id}/factors/{factor.id}", data=data).get_data(as_text=True)
    assert '<div id="solutions-matrix" hx-swap-oob="true">' in html and "Three vacancies" in html
    assert 'id="task-list"' not in html and '<section id="section-4"' not in html
    html = client.htmx(
        "post", f"/pips/{pip.id}/factors/{factor.id}/remove", data={"version": Pip.get_by_id(pip.id).version}
    ).get_data(as_text=True)
    assert '<section id="section-4" class="app-section" aria-labelledby="section-4-heading" hx-swap-oob="true">' in html
    assert 'id="task-list" hx-swap-oob="true"' in html and "No solution addresses" not in html
