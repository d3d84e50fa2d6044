"""Two people on one plan in two browsers (issue 8, items 2 and 7), with htmx and axe-core after each step.

Both open Section 1. One changes the Comments and saves; the other changes the PI Name and presses Save:
the form comes back in place, its error summary takes the focus, the Comments show what the first person
saved, the PI Name what the second typed. Pressing Save again writes the PI Name and leaves the Comments
alone. Then the plan, whose PI is still Red, is completed: the page asks for a confirmation and a reason,
which land in the final entry.

The plan is the test's own, for a PI of its own, so no other browser test sees it change.
"""

from datetime import date

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import check_axe, sign_in, take_problems, wait_for_htmx
from webapp.domain.periods import Frequency, financial_year, latest_period_end
from webapp.domain.pips import Duration, FactorKind, PipStatus, Resourcing, SolutionStatus
from webapp.domain.rating import Polarity
from webapp.domain.units import Unit
from webapp.models import Factor, Indicator, Pip, Score, Service, Solution, SolutionFactor, Target, User, database
from webapp.pips.raising import raise_plan

PERFORMANCE_OFFICER = "perf@example.org"
CODE = "ZZ08"


@pytest.fixture
def plan_url(live_server):
    """A Live plan with its one solution in place, for a new PI whose latest score is Red."""
    with database.connection_context():
        officer = User.get(User.email == PERFORMANCE_OFFICER)
        last_month = latest_period_end(Frequency.MONTHLY, date.today())
        indicator = Indicator.create(
            code=CODE,
            name="Test PI for two browsers",
            service=Service.get(),
            polarity=Polarity.HIGHER_IS_BETTER,
            unit=Unit.PERCENT,
            frequency=Frequency.MONTHLY,
        )
        Target.create(indicator=indicator, financial_year=financial_year(last_month), value=98.0, set_by=officer)
        Score.create(indicator=indicator, period_end=last_month, value=80.0)
        pip = raise_plan(indicator, officer, date.today())
        factor = Factor.create(
            pip=pip, ref="E1", kind=FactorKind.EXTERNAL, duration=Duration.TEMPORARY, description="Snow"
        )
        solution = Solution.create(
            pip=pip,
            ref="S1",
            description="Grit",
            target_date=date.today(),
            resourcing=Resourcing.WITHIN_SERVICE,
            status=SolutionStatus.IN_PLACE,
        )
        SolutionFactor.create(solution=solution, factor=factor)
        Pip.update(
            status=PipStatus.LIVE,
            went_live_on=date.today(),
            comments="Set at the upper quartile.",
            last_external_number=1,
            last_solution_number=1,
        ).where(Pip.id == pip.id).execute()
        return live_server(f"/pips/{pip.id}")


def open_section_1(page, url):
    page.goto(url)
    page.get_by_role("button", name="Change Section 1").or_(page.get_by_role("link", name="Change Section 1")).click()
    form = page.locator("#details-form")
    expect(form.get_by_role("button", name="Save Section 1")).to_be_visible()
    return form


def test_two_people_save_section_1_and_nothing_is_lost_then_completing_below_target_asks_why(page, new_page, plan_url):
    mine, theirs = page, new_page()
    for browser in (mine, theirs):
        browser.goto(plan_url)
        sign_in(browser, PERFORMANCE_OFFICER)
    my_form = open_section_1(mine, plan_url)
    their_form = open_section_1(theirs, plan_url)

    their_form.get_by_label("Comments").fill("Set at the England average.")
    their_form.get_by_role("button", name="Save Section 1").click()
    expect(theirs.get_by_text("Set at the England average.")).to_be_visible()

    my_form.get_by_label("PI Name").fill("Renamed by me")
    my_form.get_by_role("button", name="Save Section 1").click()
    wait_for_htmx(mine)
    summary = mine.locator("#details-form .govuk-error-summary")
    expect(summary).to_contain_text("Someone else changed this while you were editing")
    expect(summary).to_be_focused()
    expect(mine.locator("#details-form").get_by_label("Comments")).to_have_value("Set at the England average.")
    expect(mine.locator("#details-form").get_by_label("PI Name")).to_have_value("Renamed by me")
    check_axe(mine)
    assert [problem for problem in take_problems(mine) if "409" not in problem] == []  # only the refusal

    mine.locator("#details-form").get_by_role("button", name="Save Section 1").click()
    wait_for_htmx(mine)
    section = mine.locator("#section-1")
    expect(section).to_contain_text("Renamed by me")
    expect(section).to_contain_text("Set at the England average.")
    check_axe(mine)

    mine.get_by_role("link", name="Complete the plan").click()
    expect(mine.locator(".govuk-warning-text")).to_contain_text("The PI is still below target")
    check_axe(mine)
    mine.get_by_role("button", name="Complete the plan").click()
    expect(mine.locator(".govuk-error-summary")).to_be_focused()
    expect(mine.locator(".govuk-error-summary")).to_contain_text("Confirm that the plan should be completed")
    check_axe(mine)
    assert [problem for problem in take_problems(mine) if "422" not in problem] == []  # only the refusal
    mine.get_by_label("Complete the plan although the PI is still below target").check()
    mine.get_by_label("Why complete the plan now?").fill("Every solution is in place; the effect follows.")
    mine.get_by_role("button", name="Complete the plan").click()
    expect(mine.get_by_text("Plan completed.")).to_be_visible()
    final = mine.locator("#section-6 tbody tr").last
    expect(final).to_contain_text("Completed while the PI is still below target")
    expect(final).to_contain_text("Every solution is in place; the effect follows.")
    check_axe(mine)
