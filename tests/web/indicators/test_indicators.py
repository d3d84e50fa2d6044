"""The PI register (docs/rating.md#indicators): the list, a PI's page, and the performance team's changes to
PIs, target versions and scores, with and without htmx."""

import re
from datetime import date, timedelta
from decimal import Decimal
from html import unescape

import pytest

from tests.querycount import count_queries
from tests.web.page_markup import assert_no_inline_script_or_style
from webapp.domain.bodies import BodyKind
from webapp.domain.periods import Frequency, add_months, financial_year, financial_year_label, latest_period_end
from webapp.domain.rating import Polarity
from webapp.domain.roles import Role
from webapp.domain.units import Level, Unit
from webapp.indicators import standings
from webapp.models import Body, Indicator, Meeting, Score, Target

THIS_YEAR = financial_year(date.today())
LAST_MONTH_END = latest_period_end(Frequency.MONTHLY, date.today())


def add_scores(indicator, values, last=date(2026, 9, 30)):
    """Monthly scores ending at `last`, oldest first, in one insert."""
    count = len(values)
    Score.insert_many(
        [
            {"indicator": indicator, "period_end": add_months(last, index - count + 1), "value": value}
            for index, value in enumerate(values)
        ]
    ).execute()
    standings.refresh([indicator.id])  # as every write to the register does


def text(response):
    return response.get_data(as_text=True)


def squash(page):
    """The page's text with tags and runs of white space removed, for reading sentences."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", page)))


@pytest.fixture
def performance(login_as):
    return login_as(Role.PERFORMANCE)


@pytest.fixture
def waste(make_indicator, make_service):
    """WR01: 85% at 30 September 2026 against a 90% target (Amber), down from 88% (Deteriorating),
    up from 80% a year before (Improving)."""
    indicator = make_indicator(
        code="WR01",
        name="Household waste recycled",
        target=90,
        financial_year=2026,
        service=make_service("Waste and Recycling"),
    )
    add_scores(indicator, [80] + [82] * 10 + [88, 85])  # 30 Sep 2025 ... 31 Aug 2026, 30 Sep 2026
    return indicator


# ---------------------------------------------------------------------------------------------
# Who may do what: every route of the area


def _routes(indicator_id, score_id):
    base = f"/indicators/{indicator_id}"
    return {
        "read": [
            ("get", "/indicators/"),
            ("get", base),
            ("get", f"{base}/scores/{score_id}"),
            ("get", "/indicators/register.csv"),
            ("get", "/indicators/register.xlsx"),
        ],
        "change": [
            ("get", "/indicators/new"),
            ("post", "/indicators/new"),
            ("get", f"{base}/edit"),
            ("post", f"{base}/edit"),
            ("get", f"{base}/targets/new"),
            ("post", f"{base}/targets"),
            ("post", f"{base}/scores"),
            ("get", f"{base}/scores/{score_id}/edit"),
            ("post", f"{base}/scores/{score_id}"),
        ],
        # Performance officers, and Heads of Service for their own services (tests/web/indicators/test_score_round.py).
        "round": [
            ("get", "/indicators/score-round"),
            ("post", "/indicators/score-round/<period>"),
            ("post", f"/indicators/score-round/<period>/{indicator_id}"),
        ],
        # Performance officers only (tests/web/indicators/test_score_imports.py).
        "import": [
            ("get", "/indicators/import/<kind>"),
            ("post", "/indicators/import/<kind>"),
            ("get", "/indicators/import/<kind>/template.<extension>"),
            ("post", "/indicators/import/<kind>/confirm"),
        ],
    }


def test_every_route_of_the_area_is_covered_below(app):
    rules = {
        (method.lower(), rule.rule)
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("indicators.")
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    covered = {
        (method, re.sub(r"/1(?=/|$)", "/<int:indicator_id>", re.sub(r"/scores/2", "/scores/<int:score_id>", url)))
        for kind in _routes(1, 2).values()
        for method, url in kind
    }
    assert rules == covered


@pytest.mark.parametrize("kind", ["read", "change"])
def test_anonymous_users_are_sent_to_sign_in(client, waste, kind):
    score = waste.scores.first()
    for method, url in _routes(waste.id, score.id)[kind]:
        response = client.open(url, method=method.upper())
        assert response.status_code == 302, url
        assert response.headers["Location"].startswith("/sign-in?next="), url


@pytest.mark.parametrize("role", [Role.HEAD_OF_SERVICE, Role.CMT, Role.CLERK, Role.MEMBER, Role.ADMIN])
def test_other_roles_read_the_register_but_change_nothing(client, login_as, waste, role):
    login_as(role)
    score = waste.scores.first()
    routes = _routes(waste.id, score.id)
    for method, url in routes["read"]:
        assert client.open(url, method=method.upper()).status_code == 200, url
    for method, url in routes["change"]:
        response = client.open(url, method=method.upper(), data={"value": "1"})
        assert response.status_code == 403, url
    assert Indicator.select().count() == 1 and Target.select().count() == 1
    assert Score.get_by_id(score.id).value == score.value


def test_performance_officers_reach_every_page(client, performance, waste):
    score = waste.scores.first()
    for method, url in _routes(waste.id, score.id)["read"] + _routes(waste.id, score.id)["change"]:
        if method == "get":
            assert client.get(url).status_code == 200, url


@pytest.mark.parametrize(
    "url",
    [
        "/indicators/999",
        "/indicators/999/edit",
        "/indicators/999/targets/new",
        "/indicators/999/scores/1",
        "/indicators/999/scores/1/edit",
    ],
)
def test_a_pi_that_does_not_exist_is_not_found(client, performance, url):
    assert client.get(url).status_code == 404


def test_a_score_is_found_only_under_its_own_pi(client, performance, waste, make_indicator):
    other = make_indicator(code="HS01")
    score = waste.scores.first()
    assert client.get(f"/indicators/{other.id}/scores/{score.id}").status_code == 404
    assert client.get(f"/indicators/{other.id}/scores/{score.id}/edit").status_code == 404
    response = client.post(f"/indicators/{other.id}/scores/{score.id}", data={f"score-{score.id}-value": "1"})
    assert response.status_code == 404


def test_no_state_changes_on_get(client, performance, waste):
    score = waste.scores.first()
    client.get(f"/indicators/{waste.id}/scores/{score.id}/edit", query_string={f"score-{score.id}-value": "1"})
    client.get("/indicators/new", query_string={"code": "XX01", "name": "X"})
    assert Score.get_by_id(score.id).value == score.value
    assert Indicator.select().count() == 1


def test_posts_without_the_csrf_token_are_refused(client, performance, waste):
    response = client.post(
        f"/indicators/{waste.id}/scores",
        csrf=False,
        data={"period_end-day": "30", "period_end-month": "9", "period_end-year": "2025", "value": "50"},
    )
    assert response.status_code == 400
    assert Score.select().count() == 13


# ---------------------------------------------------------------------------------------------
# The list


def test_the_list_shows_each_pi_with_its_score_target_rag_and_direction(client, login_as, waste):
    login_as(Role.MEMBER)
    html = text(client.get("/indicators/"))
    row = squash(re.search(r'<tr class="govuk-table__row">\s*<th scope="row".*?</tr>', html, re.S).group(0))
    assert "WR01" in row and "Household waste recycled" in row and "Waste and Recycling" in row
    assert "Service PI" in row
    assert "85.0% 30 September 2026" in row
    assert "90.0% 2026/27" in row
    assert "Amber" in row
    assert "Deteriorating" in row and "Improving" in row
    assert f'href="/indicators/{waste.id}"' in html
    assert '<th scope="col" class="govuk-table__header">RAG rating</th>' in html
    assert "<caption" in html


def test_the_list_says_not_rated_and_no_score_rather_than_showing_a_colour(client, login_as, make_indicator):
    login_as(Role.MEMBER)
    make_indicator(code="NEW01")
    row = squash(text(client.get("/indicators/")))
    assert "No score" in row and f"No target for {financial_year_label(THIS_YEAR)}" in row
    assert "Not rated" in row and "No previous score" in row


def _list_row(client, code):
    page = text(client.get("/indicators/", query_string={"inactive": "y"}))
    return squash(
        re.search(
            rf'<tr class="govuk-table__row">\s*<th scope="row"[^>]*><a [^>]*>{code}</a>.*?</tr>', page, re.S
        ).group(0)
    )


@pytest.mark.parametrize(
    "frequency, scores, expected",
    [
        # One score: nothing to compare with.
        (Frequency.MONTHLY, [(date(2026, 9, 30), 50)], ["No previous score", "No score 12 months earlier"]),
        # A leap day: 12 months before 29 February 2024 is 28 February 2023.
        (
            Frequency.MONTHLY,
            [(date(2023, 2, 28), 40), (date(2024, 1, 31), 60), (date(2024, 2, 29), 50)],
            ["29 February 2024", "▼ Deteriorating ▲ Improving"],
        ),
        # Quarterly: the previous period is the quarter before.
        (
            Frequency.QUARTERLY,
            [(date(2025, 9, 30), 50), (date(2026, 6, 30), 55), (date(2026, 9, 30), 50)],
            ["30 September 2026", "▼ Deteriorating ▶ No change"],
        ),
        # A period with no score is not compared with the one before it (docs/rating.md#direction-of-travel).
        (
            Frequency.QUARTERLY,
            [(date(2025, 9, 30), 40), (date(2026, 3, 31), 55), (date(2026, 9, 30), 50)],
            ["No previous score ▲ Improving"],
        ),
        # Equal after rounding to the PI's decimal places is No change.
        (Frequency.ANNUAL, [(date(2025, 3, 31), 50.04), (date(2026, 3, 31), 49.96)], ["▶ No change"]),
    ],
)
def test_the_list_compares_with_the_right_earlier_scores(client, login_as, make_indicator, frequency, scores, expected):
    login_as(Role.MEMBER)
    make_indicator(code="DOT01", frequency=frequency, scores=scores)
    row = _list_row(client, "DOT01")
    for words in expected:
        assert words in row


def test_the_list_rates_against_the_newest_target_for_the_latest_scores_year(client, login_as, make_indicator):
    login_as(Role.MEMBER)
    indicator = make_indicator(code="T01", target=60, financial_year=2025, scores=[(date(2026, 3, 31), 55)])
    Target.create(indicator=indicator, financial_year=2025, value=50, reason="Lowered at committee")
    Target.create(indicator=indicator, financial_year=2026, value=99, rationale="Next year")
    standings.refresh([indicator.id])
    row = _list_row(client, "T01")
    assert "50.0% 2025/26" in row and "Green" in row


def test_the_list_is_sorted_by_service_then_code(client, login_as, make_indicator, make_service):
    login_as(Role.MEMBER)
    housing, waste = make_service("Housing"), make_service("Waste")
    for code, service in [("WR02", waste), ("HS02", housing), ("WR01", waste), ("HS01", housing)]:
        make_indicator(code=code, service=service)
    codes = re.findall(
        r'<th scope="row" class="govuk-table__header"><a [^>]*>([^<]+)</a>', text(client.get("/indicators/"))
    )
    assert codes == ["HS01", "HS02", "WR01", "WR02"]


def test_inactive_pis_are_listed_only_when_asked_for(client, login_as, make_indicator):
    login_as(Role.MEMBER)
    make_indicator(code="OLD01", active=False)
    make_indicator(code="NOW01")
    assert "OLD01" not in text(client.get("/indicators/"))
    html = text(client.get("/indicators/", query_string={"inactive": "y"}))
    assert "OLD01" in html and "NOW01" in html and "Inactive" in html


def test_the_list_filters_by_service_level_and_rag(client, login_as, make_indicator, make_service):
    login_as(Role.MEMBER)
    housing, waste = make_service("Housing"), make_service("Waste")
    green = make_indicator(code="G01", service=housing, target=50, level=Level.CORPORATE)
    red = make_indicator(code="R01", service=waste, target=50)
    add_scores(green, [60])
    add_scores(red, [10])

    def codes(**filters):
        html = text(client.get("/indicators/", query_string=filters))
        return set(re.findall(r'<th scope="row" class="govuk-table__header"><a [^>]*>([^<]+)</a>', html))

    assert codes() == {"G01", "R01"}
    assert codes(service=str(waste.id)) == {"R01"}
    assert codes(level="corporate") == {"G01"}
    assert codes(rag="red") == {"R01"}
    assert codes(rag="green", service=str(waste.id)) == set()
    assert codes(service="not-a-number", rag="purple") == {"G01", "R01"}  # a hand-edited address


def test_the_filter_form_keeps_the_choices_and_works_without_javascript(client, login_as, make_service):
    login_as(Role.MEMBER)
    service = make_service("Housing")
    html = text(client.get("/indicators/", query_string={"service": service.id, "rag": "amber"}))
    assert '<form method="get" action="/indicators/"' in html
    assert f'<option selected value="{service.id}">Housing</option>' in html
    assert '<option selected value="amber">Amber</option>' in html
    assert '<label class="govuk-label" for="service">Service</label>' in html
    assert "No performance indicators match the filters." in html
    assert "Clear filters" in html


def test_only_performance_officers_are_offered_changes(client, login_as, waste):
    login_as(Role.CMT)
    assert "Add a PI" not in text(client.get("/indicators/"))
    html = text(client.get(f"/indicators/{waste.id}"))
    assert "Edit PI" not in html and "Set a new target" not in html and "Add or correct a score" not in html
    assert "/edit" not in html


def test_the_list_costs_the_same_queries_for_1_or_30_pis(client, login_as, make_indicator, make_service):
    login_as(Role.MEMBER)
    first = make_indicator(target=80)
    add_scores(first, [70, 75, 80] * 12)
    client.get("/indicators/")
    with count_queries() as one:
        assert client.get("/indicators/").status_code == 200
    services = [make_service() for _ in range(5)]
    for number in range(29):
        indicator = make_indicator(
            service=services[number % 5],
            target=number,
            frequency=Frequency.QUARTERLY if number % 3 else Frequency.MONTHLY,
        )
        Target.create(indicator=indicator, financial_year=2026, value=number + 1, reason="Revised")
        add_scores(indicator, [number + month for month in range(36)])
    with count_queries() as thirty:
        html = text(client.get("/indicators/", query_string={"rag": "green", "inactive": "y"}))
    assert html.count("Green") >= 1
    assert len(one) == len(thirty), (one, thirty)
    assert len(thirty) <= 8


# ---------------------------------------------------------------------------------------------
# A PI's page


def test_the_pi_page_shows_its_details(client, login_as, make_indicator):
    login_as(Role.MEMBER)
    indicator = make_indicator(
        code="HS07",
        name="Days to relet homes",
        unit=Unit.DAYS,
        decimal_places=0,
        polarity=Polarity.LOWER_IS_BETTER,
        frequency=Frequency.QUARTERLY,
        description="Average days.\nExcludes major works.",
        benchmark_value=31,
        benchmark_label="England average",
        tolerance=5,
        tolerance_kind="absolute",
    )
    page = squash(text(client.get(f"/indicators/{indicator.id}")))
    for expected in [
        "<title>",
        "HS07 Days to relet homes",
        "Average days.",
        "Excludes major works.",
        "Polarity Lower is better",
        "Unit Days",
        "Decimal places 0",
        "How often it is collected Quarterly",
        "Level Service PI",
        "Tolerance 5 days (absolute, in the PI's units)",
        "Benchmark 31 days (England average)",
        "Active Yes",
    ]:
        assert expected.replace("<title>", "") in page, expected
    assert "<title>HS07 Days to relet homes – " in text(client.get(f"/indicators/{indicator.id}"))


def test_the_pi_page_shows_the_position_against_target_previous_period_and_a_year_before(client, login_as, waste):
    login_as(Role.MEMBER)
    html = text(client.get(f"/indicators/{waste.id}"))
    assert '<div id="position">' in html and '<div id="score-status" role="status"' in html
    page = squash(html)
    assert "Latest score 85.0% for the period ending 30 September 2026" in page
    assert "Target for 2026/27 90.0%" in page
    assert "RAG rating Amber" in page
    assert "Direction of travel against the previous period ▼ Deteriorating from 88.0% for 31 August 2026" in page
    assert "Direction of travel against 12 months earlier ▲ Improving from 80.0% for 30 September 2025" in page
    assert "Tolerance 10% of the target (relative)" in page


def test_score_history_is_newest_first_and_rated_against_its_own_years_target(client, login_as, waste):
    login_as(Role.MEMBER)
    Target.create(indicator=waste, financial_year=2025, value=80, rationale="Last year")
    html = text(client.get(f"/indicators/{waste.id}"))
    history = html[html.index('id="score-history"') :]
    dates = re.findall(r'<th scope="row" class="govuk-table__header">([^<]+)</th>', history)
    assert dates[:3] == ["30 September 2026", "31 August 2026", "31 July 2026"]
    assert dates[-1] == "30 September 2025"
    rows = re.findall(r"<tr class=\"govuk-table__row\" id=\"score-\d+\">.*?</tr>", history, re.S)
    assert "Amber" in rows[0]  # 85 against 90 (2026/27)
    assert "Green" in rows[-1]  # 80 against 80 (2025/26)


def test_target_versions_are_all_shown_and_the_newest_marked_current(client, login_as, waste, make_user, db):
    login_as(Role.MEMBER)
    body = Body.create(name="Community Committee", kind=BodyKind.POLICY_COMMITTEE)
    meeting = Meeting.create(body=body, date=date(2026, 7, 14))
    setter = make_user(Role.PERFORMANCE, name="Pat Performance")
    Target.create(
        indicator=waste,
        financial_year=2026,
        value=87,
        rationale="Realistic",
        reason="Referral decision",
        set_by=setter,
        meeting=meeting,
        minute_reference="Minute 23(b)",
    )
    html = text(client.get(f"/indicators/{waste.id}"))
    table = squash(html[html.index('id="targets-2026"') : html.index("</table>", html.index('id="targets-2026"'))])
    assert "Target versions for 2026/27" in table
    assert table.index("Current") < table.index("87.0%") < table.index("Replaced") < table.index("90.0%")
    assert "by Pat Performance" in table and "Referral decision" in table
    assert "Community Committee, 14 July 2026 (Minute 23(b))" in table
    assert "Target for 2026/27 87.0%" in squash(html)


def test_the_pi_page_costs_the_same_queries_however_long_its_history(client, login_as, make_indicator, make_user):
    login_as(Role.PERFORMANCE)
    small = make_indicator(target=80)
    add_scores(small, [70])
    big = make_indicator(target=80)
    user = make_user(Role.PERFORMANCE)
    for year in range(2020, 2027):
        for version in range(3):
            Target.create(indicator=big, financial_year=year, value=70 + version, set_by=user, reason="Revised")
    add_scores(big, list(range(60)))
    Score.update(recorded_by=user).where(Score.indicator == big).execute()
    client.get(f"/indicators/{small.id}")
    with count_queries() as few:
        client.get(f"/indicators/{small.id}")
    with count_queries() as many:
        html = text(client.get(f"/indicators/{big.id}"))
    assert html.count("Replaced") == 15  # 3 versions a year for 7 years, and one more for 2026/27
    assert len(few) == len(many), (few, many)


# ---------------------------------------------------------------------------------------------
# Adding and editing PIs

VALID_PI = {
    "code": "wr09",
    "name": "Fly-tipping cleared in 2 days",
    "description": "Reports cleared.",
    "polarity": "higher_is_better",
    "unit": "percent",
    "decimal_places": "1",
    "frequency": "monthly",
    "level": "service",
    "tolerance": "10",
    "tolerance_kind": "relative",
    "benchmark_value": "",
    "benchmark_label": "",
    "active": "y",
}


@pytest.mark.parametrize(
    "frequency, hint",
    [
        (Frequency.MONTHLY, "The last day of the month, for example "),
        (Frequency.QUARTERLY, "The last day of the quarter, for example "),
        (Frequency.ANNUAL, "The last day of the financial year, for example "),
    ],
)
def test_the_score_form_says_which_period_ends_the_pi_takes(client, performance, make_indicator, frequency, hint):
    indicator = make_indicator(frequency=frequency)
    example = latest_period_end(frequency, date.today())
    html = text(client.get(f"/indicators/{indicator.id}"))
    assert f"{hint}{example.day} {example.month} {example.year}" in html
    assert '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Add or correct a score</legend>' in html


def test_a_performance_officer_adds_a_pi(client, performance, make_service):
    service = make_service("Street Scene")
    form = text(client.get("/indicators/new"))
    assert '<label class="govuk-label" for="code">Code</label>' in form and "Choose a service" in form
    response = client.post(
        "/indicators/new",
        data={**VALID_PI, "service": str(service.id), "benchmark_value": "95.5", "benchmark_label": "Best in class"},
    )
    indicator = Indicator.get(Indicator.code == "WR09")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/indicators/{indicator.id}"
    assert (indicator.service_id, indicator.unit, indicator.benchmark_value, indicator.version) == (
        service.id,
        Unit.PERCENT,
        95.5,
        1,
    )
    assert "WR09 Fly-tipping cleared in 2 days added" in text(client.get(response.headers["Location"]))


def test_an_empty_pi_form_shows_every_error_and_saves_nothing(client, performance):
    response = client.post("/indicators/new", data={"name": "Kept as typed", "decimal_places": "", "tolerance": ""})
    html = text(response)
    assert response.status_code == 422
    assert "There is a problem" in html and "<title>Error: Add a performance indicator" in html
    for message in [
        "Enter the PI&#39;s code, for example WR01",
        "Choose the service the PI belongs to",
        "Choose whether higher or lower is better",
        "Choose the unit the PI is measured in",
        "Enter the number of decimal places",
        "Choose how often the PI is collected",
        "Enter the tolerance",
    ]:
        assert f'">{message}</a>' in html, message
    assert 'value="Kept as typed"' in html
    assert Indicator.select().count() == 0


@pytest.mark.parametrize(
    "field, typed, message",
    [
        ("decimal_places", "5", "Decimal places must be between 0 and 4"),
        ("decimal_places", "-1", "Decimal places must be between 0 and 4"),
        ("decimal_places", "two", "Decimal places must be a whole number"),
        ("tolerance", "-0.5", "Tolerance must be 0 or more"),
        ("tolerance", "ten", "Tolerance must be a number"),
        ("benchmark_value", "52.3", "Enter what the benchmark is, for example England average"),
        ("benchmark_label", "England average", "Enter the benchmark value, or remove the label"),
        ("benchmark_value", "a lot", "Benchmark value must be a number"),
        ("code", "WR 01!", "Code must start with a letter or number"),
        ("code", "W" * 21, "Code must be 20 characters or fewer"),
        ("name", "x" * 201, "Name must be 200 characters or fewer"),
    ],
)
def test_bad_pi_values_are_refused_and_kept(client, performance, make_service, field, typed, message):
    service = make_service()
    response = client.post("/indicators/new", data={**VALID_PI, "service": str(service.id), field: typed})
    html = text(response)
    assert response.status_code == 422
    assert html.count(message) == 2  # once in the error summary, once by the field: never twice in either
    assert f'value="{typed}"' in html or f">{typed}</textarea>" in html
    assert Indicator.select().count() == 0


def test_zero_decimal_places_and_zero_tolerance_are_allowed(client, performance, make_service):
    service = make_service()
    response = client.post(
        "/indicators/new", data={**VALID_PI, "service": str(service.id), "decimal_places": "0", "tolerance": "0"}
    )
    assert response.status_code == 302
    assert Indicator.get().decimal_places == 0


def test_a_pi_code_must_be_unique_whatever_its_case(client, performance, make_indicator, make_service):
    make_indicator(code="WR09", name="Existing PI")
    response = client.post("/indicators/new", data={**VALID_PI, "service": str(make_service().id)})
    assert response.status_code == 422
    assert "WR09 is already the code of WR09 Existing PI. Choose another code" in text(response)
    assert Indicator.select().count() == 1


def test_a_performance_officer_edits_a_pi(client, performance, waste):
    form = text(client.get(f"/indicators/{waste.id}/edit"))
    assert '<input id="version" name="version" type="hidden" value="1">' in form
    assert 'value="WR01"' in form and 'value="Household waste recycled"' in form
    response = client.post(
        f"/indicators/{waste.id}/edit",
        data={
            **VALID_PI,
            "code": "WR01",
            "name": "Household waste recycled or composted",
            "service": str(waste.service_id),
            "active": "",
            "version": "1",
        },
    )
    assert response.status_code == 302 and response.headers["Location"] == f"/indicators/{waste.id}"
    saved = Indicator.get_by_id(waste.id)
    assert (saved.name, saved.active, saved.version) == ("Household waste recycled or composted", False, 2)
    assert "WR01 Household waste recycled or composted saved" in text(client.get(f"/indicators/{waste.id}"))


def test_a_stale_pi_edit_is_refused_showing_what_is_saved_and_keeping_the_input(client, performance, waste):
    data = {**VALID_PI, "code": "WR01", "name": "My new name", "service": str(waste.service_id), "version": "1"}
    Indicator.update(name="Their new name", version=2).where(Indicator.id == waste.id).execute()
    response = client.post(f"/indicators/{waste.id}/edit", data=data)
    html = text(response)
    assert response.status_code == 409
    assert "Someone else saved this PI while you were editing it" in html
    assert "What is saved now" in html and "Their new name" in html
    assert 'value="My new name"' in html
    assert 'name="version" type="hidden" value="2"' in html
    assert Indicator.get_by_id(waste.id).name == "Their new name"
    # Having seen what changed, saving again is deliberate and goes through.
    response = client.post(f"/indicators/{waste.id}/edit", data={**data, "version": "2"})
    assert response.status_code == 302
    assert Indicator.get_by_id(waste.id).name == "My new name"


def test_a_unit_whose_range_leaves_out_saved_values_is_refused_until_they_fit(client, performance, waste):
    data = {**VALID_PI, "code": "WR01", "name": "Typed name", "service": str(waste.service_id), "version": "1"}
    Indicator.update(unit=Unit.NUMBER).where(Indicator.id == waste.id).execute()
    Score.update(value=47250).where(Score.indicator == waste.id, Score.period_end == date(2026, 9, 30)).execute()
    Target.update(stretch_value=45000).where(Target.indicator == waste.id).execute()
    response = client.post(f"/indicators/{waste.id}/edit", data=data)  # to Percent, which stops at 10,000
    html = text(response)
    assert response.status_code == 422
    assert "This PI has 1 score and 1 target outside the range of percent (%) (between -10,000 and 10,000)" in html
    assert 'value="Typed name"' in html and Indicator.get_by_id(waste.id).unit is Unit.NUMBER
    Score.update(value=85).where(Score.indicator == waste.id).execute()
    Target.update(stretch_value=None).where(Target.indicator == waste.id).execute()
    assert client.post(f"/indicators/{waste.id}/edit", data=data).status_code == 302
    assert Indicator.get_by_id(waste.id).unit is Unit.PERCENT


def test_an_edit_cannot_take_another_pis_code(client, performance, waste, make_indicator):
    make_indicator(code="HS01", name="Homes relet")
    response = client.post(
        f"/indicators/{waste.id}/edit",
        data={**VALID_PI, "code": "hs01", "service": str(waste.service_id), "version": "1"},
    )
    assert response.status_code == 422
    assert "HS01 is already the code of HS01 Homes relet" in text(response)
    assert Indicator.get_by_id(waste.id).code == "WR01"


def test_an_edit_with_bad_input_saves_nothing(client, performance, waste):
    response = client.post(
        f"/indicators/{waste.id}/edit",
        data={
            **VALID_PI,
            "code": "WR01",
            "name": "",
            "decimal_places": "9",
            "service": str(waste.service_id),
            "version": "1",
        },
    )
    assert response.status_code == 422
    assert "Enter the PI&#39;s name" in text(response) and 'value="9"' in text(response)
    assert Indicator.get_by_id(waste.id).version == 1


# ---------------------------------------------------------------------------------------------
# Target versions


def _target(**overrides):
    return {
        "financial_year": str(THIS_YEAR),
        "value": "92.5",
        "stretch_value": "95",
        "rationale": "Top quartile",
        "reason": "",
        "meeting": "",
        "minute_reference": "",
        **overrides,
    }


def test_the_target_form_offers_years_around_this_one(client, performance, waste):
    html = text(client.get(f"/indicators/{waste.id}/targets/new"))
    label = financial_year_label(THIS_YEAR)
    assert f'<option selected value="{THIS_YEAR}">{label}</option>' in html
    assert f">{financial_year_label(THIS_YEAR + 2)}</option>" in html
    assert f">{financial_year_label(THIS_YEAR - 3)}</option>" in html
    html = text(client.get(f"/indicators/{waste.id}/targets/new", query_string={"year": THIS_YEAR - 1}))
    assert f'<option selected value="{THIS_YEAR - 1}">' in html


def test_a_performance_officer_sets_a_target(client, performance, waste, db):
    body = Body.create(name="Audit and Performance Committee", kind=BodyKind.AUDIT_AND_PERFORMANCE)
    meeting = Meeting.create(body=body, date=date(2026, 6, 2))
    Target.delete().execute()
    response = client.post(
        f"/indicators/{waste.id}/targets", data=_target(meeting=str(meeting.id), minute_reference="Minute 12")
    )
    assert response.status_code == 302
    assert response.headers["Location"] == f"/indicators/{waste.id}#targets"
    target = Target.get()
    assert (target.financial_year, target.value, target.stretch_value, target.rationale) == (
        THIS_YEAR,
        92.5,
        95,
        "Top quartile",
    )
    assert (target.set_by_id, target.meeting_id, target.minute_reference) == (performance.id, meeting.id, "Minute 12")
    assert target.set_at is not None
    assert f"Target for {financial_year_label(THIS_YEAR)} set to 92.5%" in text(client.get(f"/indicators/{waste.id}"))


def test_a_target_is_not_decided_at_a_meeting_still_to_come(client, performance, waste, db):
    body = Body.create(name="Audit and Performance Committee", kind=BodyKind.AUDIT_AND_PERFORMANCE)
    to_come = Meeting.create(body=body, date=date.today() + timedelta(days=1))
    held = Meeting.create(body=body, date=date.today())
    Target.delete().execute()
    form = text(client.get(f"/indicators/{waste.id}/targets/new"))
    assert f'value="{held.id}"' in form and f'value="{to_come.id}"' not in form
    response = client.post(f"/indicators/{waste.id}/targets", data=_target(meeting=str(to_come.id)))
    assert response.status_code == 422 and "Choose a meeting from the list" in text(response)
    assert not Target.select().exists()
    assert client.post(f"/indicators/{waste.id}/targets", data=_target(meeting=str(held.id))).status_code == 302


def test_a_changed_target_needs_a_reason_and_keeps_every_version(client, performance, make_indicator):
    indicator = make_indicator(target=90, financial_year=THIS_YEAR)
    response = client.post(f"/indicators/{indicator.id}/targets", data=_target(value="85", stretch_value=""))
    assert response.status_code == 422
    assert f"Enter the reason for changing the {financial_year_label(THIS_YEAR)} target" in text(response)
    assert 'value="85"' in text(response)
    assert Target.select().count() == 1
    response = client.post(
        f"/indicators/{indicator.id}/targets", data=_target(value="85", stretch_value="", reason="Agreed at committee")
    )
    assert response.status_code == 302
    assert [t.value for t in Target.select().order_by(Target.id)] == [90, 85]
    html = text(client.get(f"/indicators/{indicator.id}"))
    assert "Agreed at committee" in html and html.count("Replaced") == 1


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"value": ""}, "Enter the target"),
        ({"value": "lots"}, "Target must be a number"),
        ({"rationale": ""}, "Enter the rationale for the target"),
        ({"stretch_value": "90"}, "Stretch target must be higher than the target, as higher is better"),
        ({"minute_reference": "Minute 4"}, "Choose the meeting the minute reference belongs to"),
        ({"financial_year": "1999"}, "Choose a financial year from the list"),
        ({"financial_year": ""}, "Choose the financial year"),
        ({"meeting": "9999"}, "Choose a meeting from the list"),
    ],
)
def test_bad_targets_are_refused_and_kept(client, performance, make_indicator, overrides, message):
    indicator = make_indicator()
    response = client.post(f"/indicators/{indicator.id}/targets", data=_target(**overrides))
    assert response.status_code == 422
    assert message in text(response)
    assert "Top quartile</textarea>" in text(response) or overrides.get("rationale") == ""
    assert Target.select().count() == 0


def test_a_stretch_target_is_lower_when_lower_is_better(client, performance, make_indicator):
    indicator = make_indicator(polarity=Polarity.LOWER_IS_BETTER, unit=Unit.DAYS)
    response = client.post(f"/indicators/{indicator.id}/targets", data=_target(value="20", stretch_value="25"))
    assert "Stretch target must be lower than the target, as lower is better" in text(response)
    response = client.post(f"/indicators/{indicator.id}/targets", data=_target(value="20", stretch_value="18"))
    assert response.status_code == 302


# ---------------------------------------------------------------------------------------------
# Scores: added and corrected, with and without htmx


def _score(day, value="91.5", note=""):
    return {
        "period_end-day": str(day.day),
        "period_end-month": str(day.month),
        "period_end-year": str(day.year),
        "value": value,
        "note": note,
    }


def test_a_score_is_added_without_javascript(client, performance, waste):
    response = client.post(f"/indicators/{waste.id}/scores", data=_score(date(2026, 10, 31), note="Half term"))
    assert response.status_code == 302
    assert response.headers["Location"] == f"/indicators/{waste.id}#scores"
    score = Score.get(Score.indicator == waste, Score.period_end == date(2026, 10, 31))
    assert (score.value, score.note, score.recorded_by_id) == (91.5, "Half term", performance.id)
    html = text(client.get(response.headers["Location"]))
    assert "Score for 31 October 2026 added" in html
    assert "Latest score 91.5% for the period ending 31 October 2026" in squash(html)


def test_a_score_for_a_period_that_has_one_corrects_it(client, performance, waste):
    Score.update(note="Provisional").where(Score.period_end == date(2026, 9, 30)).execute()
    response = client.post(f"/indicators/{waste.id}/scores", data=_score(date(2026, 9, 30), value="86.2"))
    assert response.status_code == 302
    assert "Score for 30 September 2026 corrected" in text(client.get(response.headers["Location"]))
    score = Score.get(Score.indicator == waste, Score.period_end == date(2026, 9, 30))
    assert (score.value, score.note, score.recorded_by_id) == (Decimal("86.2"), "Provisional", performance.id)
    assert Score.select().where(Score.indicator == waste).count() == 13


def test_a_score_is_added_with_htmx_and_the_section_and_position_come_back(client, performance, waste):
    response = client.htmx("post", f"/indicators/{waste.id}/scores", data=_score(date(2026, 10, 31), value="95"))
    html = text(response)
    assert response.status_code == 200
    assert "HX-Request" in response.headers["Vary"]
    assert html.lstrip().startswith("{#") is False and "<html" not in html
    assert '<section id="scores"' in html
    assert "Score for 31 October 2026 added" in html
    assert '<div id="position" hx-swap-oob="true">' in html
    assert "Latest score 95.0% for the period ending 31 October 2026" in squash(html)
    assert 'name="value" type="text" inputmode="decimal" spellcheck="false" value=""' in html  # a fresh form
    assert Score.select().where(Score.indicator == waste).count() == 14


@pytest.mark.parametrize(
    "frequency, day, message",
    [
        (Frequency.MONTHLY, date(2026, 9, 29), "Period end must be the last day of a month"),
        (
            Frequency.QUARTERLY,
            date(2026, 8, 31),
            "Period end must be the end of a quarter: 30 June, 30 September, 31 December or 31 March",
        ),
        (Frequency.ANNUAL, date(2025, 12, 31), "Period end must be 31 March, the end of a financial year"),
        (Frequency.MONTHLY, add_months(LAST_MONTH_END, 1), "Period end must not be in the future: the latest is "),
    ],
)
def test_a_score_needs_a_real_period_end_for_the_pis_frequency(
    client, performance, make_indicator, frequency, day, message
):
    indicator = make_indicator(frequency=frequency)
    response = client.post(f"/indicators/{indicator.id}/scores", data=_score(day))
    html = text(response)
    assert response.status_code == 422
    assert "<html" in html and "There is a problem" in html
    assert message in html
    assert 'value="91.5"' in html
    assert Score.select().count() == 0


def test_an_impossible_date_and_a_missing_part_are_explained(client, performance, waste):
    data = {**_score(date(2026, 9, 30)), "period_end-day": "31"}
    assert "Period end must be a real date" in text(client.post(f"/indicators/{waste.id}/scores", data=data))
    data = {**_score(date(2026, 9, 30)), "period_end-month": ""}
    assert "Period end must include a month" in text(client.post(f"/indicators/{waste.id}/scores", data=data))
    data = {**_score(date(2026, 9, 30)), "period_end-day": "", "period_end-month": "", "period_end-year": ""}
    assert "Enter the period end" in text(client.post(f"/indicators/{waste.id}/scores", data=data))


def test_a_bad_score_with_htmx_comes_back_as_the_fragment_with_errors(client, performance, waste):
    response = client.htmx(
        "post", f"/indicators/{waste.id}/scores", data=_score(date(2026, 9, 30), value="ninety", note="Typed note")
    )
    html = text(response)
    assert response.status_code == 422
    assert "<html" not in html and '<section id="scores"' in html
    assert "There is a problem" in html and "Score must be a number" in html
    assert 'value="ninety"' in html and "Typed note</textarea>" in html
    assert 'value="30"' in html  # the date boxes keep what was typed
    assert Score.get(Score.period_end == date(2026, 9, 30)).value == 85


def test_the_edit_row_comes_as_a_fragment_or_as_a_page(client, performance, waste):
    score = Score.get(Score.period_end == date(2026, 9, 30))
    url = f"/indicators/{waste.id}/scores/{score.id}/edit"
    fragment = text(client.htmx("get", url))
    assert fragment.lstrip().startswith('<tr class="govuk-table__row" id="score-')
    assert f'name="score-{score.id}-value"' in fragment and 'value="85"' in fragment
    assert f'hx-post="/indicators/{waste.id}/scores/{score.id}"' in fragment
    assert (
        f'<label class="govuk-label govuk-visually-hidden" for="score-{score.id}-value">Score for 30 September 2026'
        in fragment
    )
    page = text(client.get(url))
    assert "<html" in page and "<title>Correct the score for 30 September 2026 – WR01" in page
    assert f'<form method="post" action="/indicators/{waste.id}/scores/{score.id}"' in page
    assert f'name="score-{score.id}-csrf_token"' in page


def test_the_score_row_comes_as_a_fragment_or_as_a_page(client, login_as, waste):
    login_as(Role.MEMBER)
    score = Score.get(Score.period_end == date(2026, 9, 30))
    url = f"/indicators/{waste.id}/scores/{score.id}"
    fragment = text(client.htmx("get", url))
    assert fragment.lstrip().startswith('<tr class="govuk-table__row" id="score-') and "85.0%" in fragment
    assert "Edit" not in fragment  # a Member reads only
    page = text(client.get(url))
    assert "<html" in page and "<title>Score for 30 September 2026 – WR01" in page and "85.0%" in page


def test_an_inline_correction_with_htmx_swaps_back_the_row(client, performance, waste):
    score = Score.get(Score.period_end == date(2026, 9, 30))
    seen = score.recorded_at.isoformat()
    response = client.htmx(
        "post",
        f"/indicators/{waste.id}/scores/{score.id}",
        data={
            f"score-{score.id}-value": "92",
            f"score-{score.id}-note": "Late returns",
            f"score-{score.id}-seen": seen,
        },
    )
    html = text(response)
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<tr class="govuk-table__row" id="score-{score.id}">')
    assert "92.0%" in html and "Late returns" in html and "Green" in html
    assert '<div id="position" hx-swap-oob="true">' in html
    assert '<div id="score-status" hx-swap-oob="innerHTML">Score for 30 September 2026 corrected</div>' in html
    saved = Score.get_by_id(score.id)
    assert (saved.value, saved.note, saved.recorded_by_id) == (92, "Late returns", performance.id)


def test_an_inline_correction_without_javascript_redirects_to_the_pi(client, performance, waste):
    score = Score.get(Score.period_end == date(2026, 9, 30))
    response = client.post(
        f"/indicators/{waste.id}/scores/{score.id}",
        data={f"score-{score.id}-value": "92", f"score-{score.id}-seen": score.recorded_at.isoformat()},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == f"/indicators/{waste.id}#score-{score.id}"
    assert "Score for 30 September 2026 corrected" in text(client.get(response.headers["Location"]))
    assert Score.get_by_id(score.id).value == 92


@pytest.mark.parametrize("htmx", [True, False])
def test_a_bad_inline_correction_is_refused_and_kept(client, performance, waste, htmx):
    score = Score.get(Score.period_end == date(2026, 9, 30))
    url = f"/indicators/{waste.id}/scores/{score.id}"
    data = {f"score-{score.id}-value": "lots", f"score-{score.id}-seen": score.recorded_at.isoformat()}
    response = client.htmx("post", url, data=data) if htmx else client.post(url, data=data)
    html = text(response)
    assert response.status_code == 422
    assert "Score must be a number" in html and 'value="lots"' in html
    assert ("<html" in html) is not htmx
    if not htmx:
        assert "There is a problem" in html and f'href="#score-{score.id}-value"' in html
    assert Score.get_by_id(score.id).value == 85


@pytest.mark.parametrize("htmx", [True, False])
def test_a_stale_inline_correction_is_refused_not_lost(client, performance, waste, htmx, make_user):
    score = Score.get(Score.period_end == date(2026, 9, 30))
    seen = score.recorded_at.isoformat()
    other = make_user(Role.PERFORMANCE, name="Sam Other")
    Score.update(value=84, recorded_by=other, recorded_at=score.recorded_at.replace(year=2027)).where(
        Score.id == score.id
    ).execute()
    url = f"/indicators/{waste.id}/scores/{score.id}"
    data = {f"score-{score.id}-value": "92", f"score-{score.id}-seen": seen}
    response = client.htmx("post", url, data=data) if htmx else client.post(url, data=data)
    html = text(response)
    assert response.status_code == 409
    assert "Sam Other changed this score while you were editing it: it is now 84.0%" in html
    assert 'value="92"' in html
    assert Score.get_by_id(score.id).value == 84
    new_seen = re.search(rf'name="score-{score.id}-seen" type="hidden" value="([^"]+)"', html).group(1)
    response = client.post(url, data={**data, f"score-{score.id}-seen": new_seen})
    assert response.status_code == 302 and Score.get_by_id(score.id).value == 92


def test_htmx_urls_say_they_vary_by_hx_request(client, performance, waste):
    score = waste.scores.first()
    for url in [f"/indicators/{waste.id}/scores/{score.id}", f"/indicators/{waste.id}/scores/{score.id}/edit"]:
        assert "HX-Request" in client.htmx("get", url).headers["Vary"]
        assert "HX-Request" in client.get(url).headers["Vary"]


def test_forms_carry_csrf_tokens_and_no_inline_script_or_style(client, performance, waste):
    score = waste.scores.first()
    for url in [
        "/indicators/",
        f"/indicators/{waste.id}",
        "/indicators/new",
        f"/indicators/{waste.id}/edit",
        f"/indicators/{waste.id}/targets/new",
        f"/indicators/{waste.id}/scores/{score.id}/edit",
    ]:
        html = text(client.get(url))
        assert_no_inline_script_or_style(html, url)
        for form in re.findall(r'<form method="post".*?</form>', html, re.S):
            assert "csrf_token" in form, url


@pytest.mark.parametrize(
    "places, words",
    [
        (0, "Percent (%), a whole number"),
        (1, "Percent (%), to 1 decimal place"),
        (2, "Percent (%), to 2 decimal places"),
    ],
)
def test_the_score_box_says_how_many_decimal_places_in_words(client, performance, make_indicator, places, words):
    indicator = make_indicator(decimal_places=places)
    assert words in client.get(f"/indicators/{indicator.id}").get_data(as_text=True)
