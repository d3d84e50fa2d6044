"""Raising a PIP, its page, Section 1, factors, lifecycle and history (docs/plans.md#the-plan,
docs/plans.md#changes-and-history)."""

import re
from datetime import date
from decimal import Decimal

import pytest

from tests.querycount import count_queries
from webapp.domain.pips import PipStatus
from webapp.models import Factor, Pip, PipChange, ProgressUpdate


def test_raise_a_plan_from_a_pi_prefills_section_1(client, login_as, red_indicator):
    user = login_as("hos")
    indicator = red_indicator(service=next(iter(user.service_rows)).service)
    response = client.post("/pips/new", data={"indicator": indicator.id, "author": "Jane Smith"})
    assert response.status_code == 302
    pip = Pip.get()
    assert (pip.status, pip.author, pip.pi_code) == (PipStatus.DRAFT, "Jane Smith", indicator.code)
    assert (pip.target_value, pip.target_as_at) == (98.0, date(2027, 3, 31))
    assert (pip.score_value, pip.score_as_at) == (Decimal("91.2"), date(2026, 9, 30))
    assert (pip.last_year_end_value, pip.last_year_end_as_at) == (97.5, date(2026, 3, 31))
    assert (pip.score_12_months_ago_value, pip.score_12_months_ago_as_at) == (Decimal("96.1"), date(2025, 9, 30))
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    for words in [
        "Section 1 Performance Indicator Details",
        "Section 6 Progress Tracking",
        "PI Code",
        "PI Name",
        "PI Description",
        "Last Year End Score",
        "Score 12 Months Ago",
        "As at Date",
        "91.2%",
        "30 September 2026",
        "Temporary Factors",
        "Long Term Factors",
    ]:
        assert words in html


def test_raising_a_second_plan_points_to_the_first(client, login_as, make_pip):
    login_as("performance")
    first = make_pip()
    response = client.post("/pips/new", data={"indicator": first.indicator_id, "author": "Someone"})
    assert response.headers["Location"] == f"/pips/{first.id}"
    assert Pip.select().count() == 1


def test_a_head_of_service_cannot_raise_for_another_service(client, login_as, red_indicator):
    user = login_as("hos")
    red_indicator(service=next(iter(user.service_rows)).service)
    other = red_indicator()
    response = client.post("/pips/new", data={"indicator": other.id, "author": "Me"})
    assert response.status_code == 422
    assert "Choose a performance indicator from the list" in response.get_data(as_text=True)
    assert Pip.select().count() == 0


def details_data(pip, **changes):
    data = {
        "version": pip.version,
        "author": pip.author,
        "raised_on-day": "3",
        "raised_on-month": "10",
        "raised_on-year": "2026",
        "pi_code": pip.pi_code,
        "pi_name": pip.pi_name,
        "pi_description": pip.pi_description,
        "target_value": "98",
        "target_as_at": "2027-03-31",
        "score_value": "91.2",
        "score_as_at": "2026-09-30",
        "comments": "Upper quartile",
    }
    data.update(changes)
    return data


def test_section_1_saves_with_history(client, login_as, make_pip):
    user = login_as("performance")
    pip = make_pip()
    response = client.post(f"/pips/{pip.id}/details", data=details_data(pip, target_value="97.5"))
    assert response.status_code == 302
    assert Pip.get_by_id(pip.id).target_value == 97.5
    change = PipChange.get(PipChange.what == "Section 1: Target")
    assert (change.before, change.after, change.changed_by_id) == ("98", "97.5", user.id)


def test_section_1_invalid_input_keeps_what_was_typed_and_saves_nothing(client, login_as, make_pip):
    login_as("performance")
    pip = make_pip()
    response = client.post(
        f"/pips/{pip.id}/details",
        data=details_data(pip, target_value="ninety", pi_name="", **{"raised_on-day": "31", "raised_on-month": "2"}),
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "There is a problem" in html and "Target must be a number" in html and "Date must be a real date" in html
    assert 'value="ninety"' in html
    assert Pip.get_by_id(pip.id).target_value == 98.0


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"raised_on-year": str(date.today().year + 1)}, "Date must be today or in the past"),
        ({"pi_code": "<b>X</b>"}, "PI Code must start with a letter or number"),
    ],
)
def test_section_1_refuses_a_future_date_and_a_code_the_register_would_refuse(
    client, login_as, make_pip, changes, message
):
    login_as("performance")
    pip = make_pip()
    response = client.post(f"/pips/{pip.id}/details", data=details_data(pip, comments="Typed", **changes))
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and message in html and "Typed</textarea>" in html
    assert Pip.get_by_id(pip.id).comments != "Typed"
    fixed = {"raised_on-year": "2026", "pi_code": "wr01"}
    assert client.post(f"/pips/{pip.id}/details", data=details_data(pip, comments="Typed", **fixed)).status_code == 302
    saved = Pip.get_by_id(pip.id)
    assert (saved.comments, saved.pi_code) == ("Typed", "WR01")


def test_section_1_htmx_save_returns_the_section_and_task_list(client, login_as, make_pip):
    login_as("performance")
    pip = make_pip()
    response = client.htmx("post", f"/pips/{pip.id}/details", data=details_data(pip, comments="New words"))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<section id="section-1"' in html and 'id="task-list" hx-swap-oob="true"' in html
    assert "<html" not in html and "New words" in html


def test_two_people_editing_section_1_never_overwrite_each_other(app, client, login_as, make_pip, make_user, sign_in):
    login_as("performance")
    pip = make_pip()
    other = app.test_client()
    other_user = make_user("performance")
    response = other.post("/sign-in", data={"email": other_user.email, "password": "correct horse battery staple"})
    other.refresh_csrf("/")
    stale = details_data(pip)
    assert other.post(f"/pips/{pip.id}/details", data=details_data(pip, target_value="95")).status_code == 302
    response = client.htmx("post", f"/pips/{pip.id}/details", data={**stale, "comments": "Mine"})
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Someone else changed this" in html and "Section 1: Target" in html and "Mine" in html
    assert response.headers["HX-Retarget"] == "#details-form"
    assert Pip.get_by_id(pip.id).target_value == 95.0
    assert Pip.get_by_id(pip.id).comments != "Mine"
    retry = re.search(r'name="version" type="hidden" value="(\d+)"', html).group(1)
    response = client.htmx("post", f"/pips/{pip.id}/details", data={**stale, "version": retry, "comments": "Mine"})
    assert response.status_code == 200
    assert Pip.get_by_id(pip.id).comments == "Mine"


def test_add_change_and_remove_factors_with_references_never_reused(client, login_as, make_pip):
    login_as("performance")
    pip = make_pip()
    for text in ("Heavy snow", "Fuel strike"):
        response = client.htmx(
            "post",
            f"/pips/{pip.id}/factors",
            data={"version": pip.version, "kind": "external", "duration": "temporary", "description": text},
        )
        assert response.status_code == 200
    assert '<section id="section-2"' in response.get_data(as_text=True)
    e2 = Factor.get(Factor.ref == "E2")
    client.post(f"/pips/{pip.id}/factors/{e2.id}/remove")
    response = client.post(
        f"/pips/{pip.id}/factors",
        data={"version": pip.version, "kind": "external", "duration": "long_term", "description": "Recession"},
    )
    assert response.status_code == 302
    assert sorted(f.ref for f in Factor.select()) == ["E1", "E3"]
    e1 = Factor.get(Factor.ref == "E1")
    fresh = Pip.get_by_id(pip.id)
    client.post(
        f"/pips/{pip.id}/factors/{e1.id}",
        data={"version": fresh.version, "duration": "long_term", "description": "Heavy snow in January"},
    )
    assert Factor.get_by_id(e1.id).description == "Heavy snow in January"
    whats = [c.what for c in PipChange.select().order_by(PipChange.id)]
    assert "Removed factor E2" in whats and "Factor E1: Description" in whats


def test_a_factor_of_another_plan_is_not_found(client, login_as, make_pip):
    login_as("performance")
    mine, theirs = make_pip(factors=[("external", "Snow")]), make_pip(factors=[("internal", "Vacancies")])
    foreign = Factor.get(Factor.pip == theirs)
    response = client.post(
        f"/pips/{mine.id}/factors/{foreign.id}",
        data={"version": mine.version, "duration": "temporary", "description": "hijack"},
    )
    assert response.status_code == 404
    assert Factor.get_by_id(foreign.id).description == "Vacancies"


def test_submit_lists_every_unmet_condition(client, login_as, make_pip):
    login_as("performance")
    pip = make_pip()
    response = client.post(f"/pips/{pip.id}/submit", data={"version": pip.version})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Add at least one external or internal factor" in html and 'href="#section-4"' in html
    assert Pip.get_by_id(pip.id).status is PipStatus.DRAFT


def test_submits_section_1_problems_link_to_the_boxes_on_section_1s_page(client, login_as, make_pip):
    login_as("performance")
    pip = make_pip(factors=[("external", "Snow")], solutions=[("Agency drivers", ["E1"])])
    Pip.update(pi_description="", score_value=None, score_as_at=None).where(Pip.id == pip.id).execute()
    html = client.post(f"/pips/{pip.id}/submit", data={"version": pip.version}).get_data(as_text=True)
    links = dict(re.findall(r'<li><a href="([^"]+)">(Section 1: [^<]+)</a>', html))
    assert set(links.values()) == {
        "Section 1: enter the PI Description",
        "Section 1: enter the Score",
        "Section 1: enter the Score As at Date",
    }
    for href in links:
        path, _, box = href.partition("#")
        assert path == f"/pips/{pip.id}/details"
        assert f'id="{box}"' in client.get(path).get_data(as_text=True), href


def test_a_step_sent_twice_says_where_the_plan_is_now(client, login_as, make_pip):
    login_as("performance")
    pip = make_pip(factors=[("external", "Snow")], solutions=[("Agency drivers", ["E1"])])
    assert client.post(f"/pips/{pip.id}/submit", data={"version": pip.version}).status_code == 302
    again = client.post(f"/pips/{pip.id}/submit", data={"version": pip.version}, follow_redirects=True)
    html = again.get_data(as_text=True)
    assert "The plan is Live now: its status changed since you opened the page." in html
    assert "Someone else" not in html


def test_submit_then_complete_then_reopen(client, login_as, make_pip):
    login_as("performance")
    pip = make_pip(factors=[("external", "Snow")], solutions=[("Agency drivers", ["E1"])])
    assert client.post(f"/pips/{pip.id}/submit", data={"version": pip.version}).status_code == 302
    pip = Pip.get_by_id(pip.id)
    assert pip.status is PipStatus.LIVE and pip.went_live_on == date.today()
    blocked = client.get(f"/pips/{pip.id}/complete").get_data(as_text=True)
    assert "Solution S1 is still Proposed" in blocked
    from webapp.models import Solution

    Solution.update(status="in_place").execute()
    # The PI is still Red: completing it asks for a confirmation and a reason (test_write_path.py).
    assert (
        client.post(
            f"/pips/{pip.id}/complete",
            data={"version": pip.version, "confirm_below_target": "y", "below_target_reason": "All in place"},
        ).status_code
        == 302
    )
    pip = Pip.get_by_id(pip.id)
    assert pip.status is PipStatus.COMPLETED
    final = ProgressUpdate.get(ProgressUpdate.pip == pip)
    assert final.final and "formally" in final.comment and "All in place" in final.comment
    assert (
        client.post(
            f"/pips/{pip.id}/factors",
            data={"version": pip.version, "kind": "external", "duration": "temporary", "description": "late"},
        ).status_code
        == 409
    )
    assert client.post(f"/pips/{pip.id}/reopen", data={"version": pip.version, "reason": "Slipped"}).status_code == 302
    assert Pip.get_by_id(pip.id).status is PipStatus.LIVE


def test_history_shows_every_change(client, login_as, make_pip):
    login_as("performance")
    pip = make_pip()
    client.post(f"/pips/{pip.id}/withdraw", data={"version": pip.version, "reason": "Raised in error"})
    html = client.get(f"/pips/{pip.id}/history").get_data(as_text=True)
    assert "Plan raised" in html and "Withdrawn" in html and "Raised in error" in html


@pytest.mark.parametrize("rows", [1, 25])
def test_the_plan_page_costs_the_same_queries_whatever_its_size(client, login_as, make_pip, rows):
    login_as("performance")
    pip = make_pip(
        factors=[("external", f"Factor {n}") for n in range(rows)],
        solutions=[(f"Solution {n}", ["E1"]) for n in range(rows)],
    )
    with count_queries() as statements:
        assert client.get(f"/pips/{pip.id}").status_code == 200
    # The sign-in session with the user's roles and services (1), the plan (1) and the committees it
    # went to (1).
    assert len(statements) == 3, statements


def test_plan_list_filters(client, login_as, make_pip):
    login_as("cmt")
    make_pip()
    html = client.get("/pips/?status=draft").get_data(as_text=True)
    assert "1 plan<" in html
    assert "0 plans" in client.get("/pips/?status=live").get_data(as_text=True)


def test_the_change_form_shows_the_factor_as_it_is(client, login_as, make_pip):
    login_as("performance")
    pip = make_pip(factors=[("internal", "Vacancies")])
    factor = Factor.get()
    factor.duration = "long_term"
    factor.save()
    html = client.get(f"/pips/{pip.id}/factors/{factor.id}/edit").get_data(as_text=True)
    assert re.search(r'<input checked[^>]*value="long_term"|value="long_term"[^>]*checked', html)
    assert "Vacancies" in html
