"""Forms say only what the user may do (issue 8, item 7): a choice a role may not make is not offered,
and a forged one is refused with the input kept; the fields one choice needs are revealed under it (the
GOV.UK conditional reveal) and ignored when another choice is made; no radio is ticked on a new form,
and a missing choice gets one clear message."""

from datetime import date
from decimal import Decimal

import lxml.html
import pytest

from webapp.domain.bodies import BodyKind
from webapp.domain.pips import Duration, Resourcing, SolutionStatus
from webapp.domain.rating import ToleranceKind
from webapp.domain.referrals import DecisionKind, Outcome
from webapp.domain.units import Level
from webapp.models import (
    AgendaItem,
    AgendaPip,
    Body,
    Factor,
    Indicator,
    Meeting,
    ReferralDecision,
    Solution,
    Target,
    utcnow,
)

ONLY_CMT = "Only CMT can approve or decline a solution"


def radios(html, name):
    """The radios named `name` on the page: {value: ticked}."""
    inputs = lxml.html.fromstring(html).xpath("//input[@type='radio'][@name=$name]", name=name)
    return {radio.get("value"): radio.get("checked") is not None for radio in inputs}


def revealed(html, name, value):
    """The names of the fields inside the conditional reveal tied to the radio `name`=`value`, after
    checking that it is GOV.UK's markup: the radio's data-aria-controls names a govuk-radios__conditional
    that follows the radio's item inside the same govuk-radios group."""
    page = lxml.html.fromstring(html)
    [radio] = page.xpath("//input[@type='radio'][@name=$name][@value=$value]", name=name, value=value)
    container = page.get_element_by_id(radio.get("data-aria-controls"))
    assert "govuk-radios__conditional" in container.classes
    item = radio.getparent()
    assert "govuk-radios__item" in item.classes and item.getnext() is container
    assert "govuk-radios" in container.getparent().classes
    hidden = "govuk-radios__conditional--hidden" in container.classes
    assert hidden is not (radio.get("checked") is not None)  # shown already when its choice is ticked
    return {field.get("name") for field in container.xpath(".//*[@name]")}


def conditional_names(html):
    page = lxml.html.fromstring(html)
    return {field.get("name") for field in page.xpath("//*[contains(@class, 'govuk-radios__conditional')]//*[@name]")}


def error_messages(html):
    page = lxml.html.fromstring(html)
    return [" ".join(p.text_content().split()) for p in page.xpath("//p[contains(@class, 'govuk-error-message')]")]


def summary_items(html):
    page = lxml.html.fromstring(html)
    return [
        " ".join(a.text_content().split()) for a in page.xpath("//*[contains(@class, 'govuk-error-summary__list')]//li")
    ]


# Section 4 Proposed Solutions -------------------------------------------------------------------


def solution_data(pip, **changes):
    data = {
        "version": pip.version,
        "description": "Hire agency drivers for the winter",
        "target_date-day": "1",
        "target_date-month": "12",
        "target_date-year": "2026",
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
    return {f"solution-{name}": value for name, value in data.items() if value is not None}


@pytest.fixture
def own_plan(login_as, make_service, make_pip):
    """Sign in with `roles` and give back a Draft plan of the user's own service, with one factor."""

    def make(*roles, solutions=()):
        service = make_service()
        login_as(*roles, services=[service])
        return make_pip(service=service, factors=[("external", "Heavy snow")], solutions=solutions)

    return make


@pytest.mark.parametrize(
    "roles, offered",
    [
        (("hos",), []),  # Proposed, said rather than asked: In place follows CMT's approval
        (("performance",), ["proposed", "approved", "not_approved"]),
        (("hos", "cmt"), []),  # CMT decides in a CMT comment, not on the solution
    ],
)
def test_the_solution_form_offers_only_the_statuses_the_user_may_set(client, own_plan, roles, offered):
    pip = own_plan(*roles)
    html = client.get(f"/pips/{pip.id}/solutions/new").get_data(as_text=True)
    assert list(radios(html, "solution-status")) == offered
    if not offered:
        assert '<p class="govuk-body" id="solution-status">Proposed.' in html


def test_a_head_of_service_keeps_a_decision_cmt_made_but_is_not_offered_the_other(client, own_plan):
    pip = own_plan("hos", solutions=[("Agency drivers", ["E1"])])
    s1 = Solution.get(Solution.pip == pip)
    Solution.update(status=SolutionStatus.APPROVED).where(Solution.id == s1.id).execute()
    html = client.get(f"/pips/{pip.id}/solutions/{s1.id}/edit").get_data(as_text=True)
    assert radios(html, "solution-status") == {"proposed": False, "approved": True, "in_place": False}
    refused = client.post(
        f"/pips/{pip.id}/solutions/{s1.id}",
        data=solution_data(pip, status="not_approved", factors=[f.id for f in pip.factors]),
    )
    assert refused.status_code == 422 and ONLY_CMT in refused.get_data(as_text=True)
    assert Solution.get_by_id(s1.id).status is SolutionStatus.APPROVED


@pytest.mark.parametrize("forged", ["approved", "not_approved"])
def test_a_forged_decision_is_refused_clearly_with_the_input_kept(client, own_plan, forged):
    pip = own_plan("hos")
    response = client.post(
        f"/pips/{pip.id}/solutions",
        data=solution_data(
            pip, status=forged, time_lag="About three months", resourcing="extra_funding", funding_amount="18,000"
        ),
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert error_messages(html) == [f"Error: {ONLY_CMT}: record the decision in a CMT comment in Section 5"]
    assert "Hire agency drivers for the winter" in html and "About three months" in html
    assert 'value="18,000"' in html and radios(html, "solution-resourcing")["extra_funding"]
    assert forged not in radios(html, "solution-status")  # still not offered on the page that refuses it
    assert Solution.select().count() == 0
    # The next step: the status the user may set saves.
    response = client.post(
        f"/pips/{pip.id}/solutions",
        data=solution_data(pip, status="proposed", resourcing="extra_funding", funding_amount="18,000"),
    )
    assert response.status_code == 302
    saved = Solution.get(Solution.pip == pip)
    assert (saved.status, saved.funding_amount) == (SolutionStatus.PROPOSED, Decimal("18000.00"))


def test_a_new_solution_ticks_no_radio_and_a_missing_choice_is_named_once(client, own_plan):
    pip = own_plan("performance")
    html = client.get(f"/pips/{pip.id}/solutions/new").get_data(as_text=True)
    assert not any(radios(html, "solution-resourcing").values())
    assert not any(radios(html, "solution-status").values())
    response = client.post(
        f"/pips/{pip.id}/solutions",
        data=solution_data(pip, resourcing=None, status=None, time_lag="About three months"),
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert summary_items(html) == [
        "Choose whether the solution is resourced within the service or extra funding is sought",
        "Choose the status of the solution",
    ]
    assert "Hire agency drivers for the winter" in html and "About three months" in html
    assert Solution.select().count() == 0
    assert client.post(f"/pips/{pip.id}/solutions", data=solution_data(pip)).status_code == 302
    assert Solution.get(Solution.pip == pip).resourcing is Resourcing.WITHIN_SERVICE


def test_the_funding_fields_are_revealed_under_extra_funding_sought(client, own_plan):
    pip = own_plan("performance")
    html = client.get(f"/pips/{pip.id}/solutions/new").get_data(as_text=True)
    assert revealed(html, "solution-resourcing", "extra_funding") == {
        "solution-funding_amount",
        "solution-funding_note",
    }
    assert conditional_names(html) == {"solution-funding_amount", "solution-funding_note"}


def test_editing_shows_the_saved_choice_with_its_fields_revealed(client, own_plan):
    pip = own_plan("performance", solutions=[("Agency drivers", ["E1"])])
    s1 = Solution.get(Solution.pip == pip)
    Solution.update(
        resourcing=Resourcing.EXTRA_FUNDING, funding_amount=Decimal("18000"), funding_note="Winter bid"
    ).where(Solution.id == s1.id).execute()
    html = client.get(f"/pips/{pip.id}/solutions/{s1.id}/edit").get_data(as_text=True)
    assert radios(html, "solution-resourcing") == {"within_service": False, "extra_funding": True}
    assert radios(html, "solution-status") == {"proposed": True, "approved": False, "not_approved": False}
    assert revealed(html, "solution-resourcing", "extra_funding") == {
        "solution-funding_amount",
        "solution-funding_note",
    }
    assert 'value="18,000.00"' in html and "Winter bid" in html


@pytest.mark.parametrize("amount", ["-5", "lots", "12.345", "1e30"])
def test_funding_typed_then_within_the_service_chosen_is_ignored(client, own_plan, amount):
    """Without JavaScript every field shows: what was typed under the choice not made is not checked and
    not saved."""
    pip = own_plan("performance")
    response = client.post(
        f"/pips/{pip.id}/solutions",
        data=solution_data(pip, resourcing="within_service", funding_amount=amount, funding_note="x" * 2_001),
    )
    assert response.status_code == 302, error_messages(response.get_data(as_text=True))
    saved = Solution.get(Solution.pip == pip)
    assert (saved.resourcing, saved.funding_amount, saved.funding_note) == (Resourcing.WITHIN_SERVICE, None, "")


def test_an_error_elsewhere_keeps_what_was_typed_under_the_choice_not_made(client, own_plan):
    pip = own_plan("performance")
    response = client.post(
        f"/pips/{pip.id}/solutions",
        data=solution_data(
            pip, description="", resourcing="within_service", funding_amount="-5", funding_note="Reserve"
        ),
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert summary_items(html) == ["Describe the solution"]
    assert 'value="-5"' in html and "Reserve" in html


def test_switching_an_extra_funding_solution_to_within_the_service_clears_the_funding(client, own_plan):
    pip = own_plan("performance", solutions=[("Agency drivers", ["E1"])])
    s1 = Solution.get(Solution.pip == pip)
    Solution.update(
        resourcing=Resourcing.EXTRA_FUNDING, funding_amount=Decimal("18000"), funding_note="Winter bid"
    ).where(Solution.id == s1.id).execute()
    response = client.post(
        f"/pips/{pip.id}/solutions/{s1.id}",
        data=solution_data(
            pip,
            description="Agency drivers",
            factors=[f.id for f in pip.factors],
            resourcing="within_service",
            funding_amount="18,000.00",
            funding_note="Winter bid",
        ),
    )
    assert response.status_code == 302, error_messages(response.get_data(as_text=True))
    saved = Solution.get_by_id(s1.id)
    assert (saved.resourcing, saved.funding_amount, saved.funding_note) == (Resourcing.WITHIN_SERVICE, None, "")


# The papers: outcome and referral decision -----------------------------------------------------


@pytest.fixture
def presented(login_as, make_pip, make_service):
    """Signed in as a clerk; a plan on the published papers of a past A&P meeting, a policy committee
    that met after it, and a CMT body (not a policy committee)."""
    login_as("clerk")
    a_and_p = Meeting.create(
        body=Body.create(name="Audit and Performance Committee", kind=BodyKind.AUDIT_AND_PERFORMANCE),
        date=date(2026, 9, 10),
    )
    development = Body.create(name="Development Committee", kind=BodyKind.POLICY_COMMITTEE)
    decided_at = Meeting.create(body=development, date=date(2026, 11, 10))
    cmt = Body.create(name="CMT", kind=BodyKind.CMT)
    item = AgendaItem.create(meeting=a_and_p, published_at=utcnow())
    entry = AgendaPip.create(item=item, pip=make_pip(service=make_service("Planning")), position=1)
    base = f"/meetings/{a_and_p.id}/papers/plans/{entry.id}"
    return {
        "outcome": f"{base}/outcome",
        "decision": f"{base}/decision",
        "entry": entry,
        "committee": development,
        "cmt": cmt,
        "decided_at": decided_at,
    }


def test_the_referral_fields_are_revealed_under_referred_and_nothing_is_ticked(client, presented):
    html = client.get(presented["outcome"]).get_data(as_text=True)
    assert radios(html, "outcome") == {"noted": False, "referred": False}
    assert revealed(html, "outcome", "referred") == {"referred_to", "reason"}
    assert conditional_names(html) == {"referred_to", "reason"}


def test_a_missing_outcome_is_named_once_and_the_minute_kept(client, presented):
    response = client.post(presented["outcome"], data={"minute_reference": "AP/2026/9"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert summary_items(html) == ["Choose what the committee did"]
    assert 'value="AP/2026/9"' in html
    assert (
        client.post(presented["outcome"], data={"outcome": "noted", "minute_reference": "AP/2026/9"}).status_code == 302
    )


def test_referral_fields_typed_then_noted_chosen_are_ignored(client, presented):
    response = client.post(
        presented["outcome"],
        data={
            "outcome": "noted",
            "referred_to": presented["cmt"].id,
            "reason": "x" * 5_001,
            "minute_reference": "AP/9",
        },
    )
    assert response.status_code == 302, error_messages(response.get_data(as_text=True))
    entry = AgendaPip.get_by_id(presented["entry"].id)
    assert (entry.outcome, entry.referred_to_id, entry.referral_reason) == (Outcome.NOTED, None, "")


def test_a_recorded_outcome_is_ticked_with_its_fields_revealed(client, presented):
    client.post(
        presented["outcome"],
        data={
            "outcome": "referred",
            "referred_to": presented["committee"].id,
            "reason": "Unachievable",
            "minute_reference": "AP/9",
        },
    )
    html = client.get(presented["outcome"]).get_data(as_text=True)
    assert radios(html, "outcome") == {"noted": False, "referred": True}
    assert revealed(html, "outcome", "referred") == {"referred_to", "reason"}


def _refer(client, presented):
    response = client.post(
        presented["outcome"],
        data={"outcome": "referred", "referred_to": presented["committee"].id, "reason": "Unachievable"},
    )
    assert response.status_code == 302


def test_each_decision_reveals_only_its_own_fields(client, presented):
    _refer(client, presented)
    html = client.get(presented["decision"]).get_data(as_text=True)
    assert not any(radios(html, "kind").values())
    assert revealed(html, "kind", DecisionKind.AMEND_TARGET.value) == {
        "target_value",
        "target_from-day",
        "target_from-month",
        "target_from-year",
    }
    assert revealed(html, "kind", DecisionKind.ADDITIONAL_RESOURCES.value) == {"amount"}
    page = lxml.html.fromstring(html)
    for kind in (DecisionKind.STILL_ACHIEVABLE, DecisionKind.OTHER):
        [radio] = page.xpath("//input[@name='kind'][@value=$v]", v=kind.value)
        assert radio.get("data-aria-controls") is None
    assert "description" not in conditional_names(html)  # the details serve every decision


def test_a_missing_decision_is_named_once(client, presented):
    _refer(client, presented)
    data = {"meeting": presented["decided_at"].id, "minute_reference": "DEV/2026/12", "description": "Kept"}
    response = client.post(presented["decision"], data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert summary_items(html) == ["Choose the decision"]
    assert "Kept" in html
    response = client.post(presented["decision"], data={**data, "kind": DecisionKind.OTHER.value})
    assert response.status_code == 302
    assert ReferralDecision.get().description == "Kept"


def test_a_new_target_and_amount_typed_under_another_decision_are_ignored(client, presented):
    _refer(client, presented)
    targets = Target.select().count()
    response = client.post(
        presented["decision"],
        data={
            "meeting": presented["decided_at"].id,
            "minute_reference": "DEV/2026/12",
            "kind": DecisionKind.STILL_ACHIEVABLE.value,
            "target_value": "lots",
            "target_from-day": "31",
            "target_from-month": "2",
            "target_from-year": "2027",
            "amount": "-5",
            "description": "",
        },
    )
    assert response.status_code == 302, error_messages(response.get_data(as_text=True))
    decision = ReferralDecision.get()
    assert (decision.kind, decision.target_value, decision.target_from, decision.amount, decision.target_id) == (
        DecisionKind.STILL_ACHIEVABLE,
        None,
        None,
        None,
        None,
    )
    assert Target.select().count() == targets


# The meetings register ---------------------------------------------------------------------------


def test_a_missing_body_is_named_once(client, login_as):
    login_as("clerk")
    body = Body.create(name="CMT", kind=BodyKind.CMT)
    data = {"date-day": "3", "date-month": "11", "date-year": "2026", "title": "Budget", "location": ""}
    response = client.post("/meetings/new", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert summary_items(html) == ["Choose the body that is meeting"]
    assert "Budget" in html and not any(radios(html, "body").values())
    assert client.post("/meetings/new", data={**data, "body": body.id}).status_code == 302


def test_a_missing_kind_of_body_is_named_once(client, login_as):
    login_as("clerk")
    html = client.get("/meetings/bodies/new").get_data(as_text=True)
    assert not any(radios(html, "kind").values())
    response = client.post("/meetings/bodies/new", data={"name": "Scrutiny Committee"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert summary_items(html) == ["Choose the kind of body"]
    assert 'value="Scrutiny Committee"' in html
    assert (
        client.post(
            "/meetings/bodies/new", data={"name": "Scrutiny Committee", "kind": BodyKind.POLICY_COMMITTEE.value}
        ).status_code
        == 302
    )


# Section 5 Management Comment --------------------------------------------------------------------


def test_a_missing_comment_role_is_named_once(client, login_as, make_pip):
    login_as("clerk")  # records OMT and Members comments
    pip = make_pip()
    html = client.get(f"/pips/{pip.id}/comments/new").get_data(as_text=True)
    assert radios(html, "role") == {"omt": False, "members": False}  # only the roles a clerk records
    a_and_p = Meeting.create(
        body=Body.create(name="Audit and Performance Committee", kind=BodyKind.AUDIT_AND_PERFORMANCE),
        date=date(2026, 9, 10),
    )
    data = {
        "version": pip.version,
        "author": "Aisha Rahman",
        "made_on-day": "10",
        "made_on-month": "9",
        "made_on-year": "2026",
        "meeting": a_and_p.id,
        "minute_reference": "AP/2026/9",
        "text": "Members asked whether the target is realistic.",
    }
    response = client.post(f"/pips/{pip.id}/comments", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert summary_items(html) == ["Choose whose comment this is"]
    assert "Members asked whether the target is realistic." in html and 'value="AP/2026/9"' in html
    assert client.post(f"/pips/{pip.id}/comments", data={**data, "role": "members"}).status_code == 302


# Sections 2 and 3: a new factor ---------------------------------------------------------------


def test_a_new_factor_ticks_neither_duration_and_a_missing_one_is_named(client, login_as, make_pip):
    login_as("performance")
    pip = make_pip()
    html = client.get(f"/pips/{pip.id}/factors/new", query_string={"kind": "external"}).get_data(as_text=True)
    assert radios(html, "duration") == {"temporary": False, "long_term": False}
    data = {"version": pip.version, "kind": "external", "description": "Heavy snow in January"}
    response = client.post(f"/pips/{pip.id}/factors", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert summary_items(html) == ["Choose Temporary Factors or Long Term Factors"]
    assert "Heavy snow in January" in html
    assert client.post(f"/pips/{pip.id}/factors", data={**data, "duration": "long_term"}).status_code == 302
    assert Factor.get(Factor.pip == pip).duration is Duration.LONG_TERM


def test_editing_a_factor_ticks_its_saved_duration(client, login_as, make_pip):
    login_as("performance")
    pip = make_pip(factors=[("external", "Heavy snow")])
    factor = Factor.get(Factor.pip == pip)
    html = client.get(f"/pips/{pip.id}/factors/{factor.id}/edit").get_data(as_text=True)
    assert radios(html, "duration") == {"temporary": True, "long_term": False}


# The PI register: a new PI ---------------------------------------------------------------------

NEW_PI = {
    "code": "WR09",
    "name": "Fly-tipping cleared in 2 days",
    "description": "",
    "polarity": "higher_is_better",
    "unit": "percent",
    "decimal_places": "1",
    "frequency": "monthly",
    "tolerance": "10",
    "benchmark_value": "",
    "benchmark_label": "",
    "active": "y",
}


def test_a_new_pi_ticks_no_level_or_tolerance_kind_and_asks_for_them(client, login_as, make_service):
    login_as("performance")
    service = make_service("Street Scene")
    html = client.get("/indicators/new").get_data(as_text=True)
    for name in ("polarity", "unit", "frequency", "level", "tolerance_kind"):
        assert not any(radios(html, name).values()), name
    data = {**NEW_PI, "service": str(service.id)}
    response = client.post("/indicators/new", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert summary_items(html) == ["Choose the PI's level", "Choose whether the tolerance is a percentage or absolute"]
    assert 'value="Fly-tipping cleared in 2 days"' in html
    response = client.post("/indicators/new", data={**data, "level": "service", "tolerance_kind": "absolute"})
    assert response.status_code == 302
    indicator = Indicator.get(Indicator.code == "WR09")
    assert (indicator.level, indicator.tolerance_kind) == (Level.SERVICE, ToleranceKind.ABSOLUTE)
    edit = client.get(f"/indicators/{indicator.id}/edit").get_data(as_text=True)
    assert radios(edit, "level")["service"] and radios(edit, "tolerance_kind")["absolute"]
