"""The score round (docs/score-round.md): one page for a period end, every PI due, saved together."""

import re
from datetime import date
from decimal import Decimal

import pytest

from tests.querycount import count_queries
from webapp.domain.periods import Frequency, add_months, financial_year, latest_period_end
from webapp.domain.rating import Polarity
from webapp.models import Score, Standing

PERIOD = latest_period_end(Frequency.MONTHLY, date.today())
BEFORE = add_months(PERIOD, -1)
YEAR = financial_year(PERIOD)
URL = "/indicators/score-round"
SAVE = f"/indicators/score-round/{PERIOD.isoformat()}"


def text(response):
    return response.get_data(as_text=True)


def scores_of(indicator):
    return {score.period_end: score for score in Score.select().where(Score.indicator == indicator)}


@pytest.fixture
def round_pis(make_indicator, make_service):
    """Two services' monthly PIs, a quarterly PI (due only at a quarter's end) and an inactive one."""
    housing, waste = make_service("Housing"), make_service("Waste")
    return {
        "waste": make_indicator(
            code="WR01", service=waste, target=Decimal(90), financial_year=YEAR, scores=[(BEFORE, Decimal(92))]
        ),
        "homes": make_indicator(
            code="HS01",
            service=housing,
            polarity=Polarity.LOWER_IS_BETTER,
            target=Decimal(20),
            financial_year=YEAR,
            scores=[(BEFORE, Decimal(18))],
        ),
        "quarterly": make_indicator(code="HS02", service=housing, frequency=Frequency.QUARTERLY),
        "inactive": make_indicator(code="HS03", service=housing, active=False),
        "housing": housing,
        "waste_service": waste,
    }


def test_the_round_lists_every_active_pi_due_by_service(client, login_as, round_pis):
    login_as("performance")
    html = text(client.get(URL))
    assert f"Scores for {PERIOD.day}" in html
    assert html.index("Housing") < html.index("HS01") < html.index("Waste") < html.index("WR01")
    assert ("HS02" in html) is (PERIOD.month in (3, 6, 9, 12))
    assert "HS03" not in html
    assert "92.0%" in html and "90.0%" in html  # the last score and the target
    assert f'name="pi-{round_pis["waste"].id}-value"' in html


def test_heads_of_service_see_their_own_services_and_others_are_refused(client, login_as, round_pis):
    login_as("hos", services=[round_pis["housing"]])
    html = text(client.get(URL))
    assert "HS01" in html and "WR01" not in html
    # Another service's PI cannot be saved either.
    response = client.post(f"{SAVE}/{round_pis['waste'].id}", data={f"pi-{round_pis['waste'].id}-value": "50"})
    assert response.status_code == 404


def test_other_roles_are_refused(client, login_as, round_pis):
    login_as("member", "cmt", "clerk")
    assert client.get(URL).status_code == 403
    assert client.post(SAVE, data={}).status_code == 403


def test_saving_stores_every_valid_row_and_keeps_what_was_typed_in_the_others(client, login_as, round_pis):
    login_as("performance")
    waste, homes = round_pis["waste"], round_pis["homes"]
    response = client.post(
        SAVE,
        data={
            f"pi-{waste.id}-value": "80",
            f"pi-{waste.id}-note": "Crew shortage",
            f"pi-{homes.id}-value": "lots",
            f"pi-{homes.id}-note": "kept as typed",
        },
    )
    assert response.status_code == 422
    html = text(response)
    assert "<title>Error:" in html
    assert f'href="#pi-{homes.id}-value">HS01: Score must be a number' in html
    assert 'value="lots"' in html and "kept as typed" in html
    assert "1 score added" in html
    saved = scores_of(waste)[PERIOD]
    assert saved.value == Decimal(80) and saved.note == "Crew shortage"
    assert PERIOD not in scores_of(homes)
    # The saved row shows its rating and direction at once: 80 against 90 is Red, and down from 92.
    row = re.search(rf'<tr class="govuk-table__row" id="round-{waste.id}">.*?</tr>', html, re.S).group(0)
    assert "Red" in row and "Deteriorating" in row
    assert Standing.get_by_id(waste.id).needs_attention


def test_a_whole_round_saved_redirects_and_the_exceptions_change(client, login_as, round_pis):
    login_as("performance")
    waste, homes = round_pis["waste"], round_pis["homes"]
    assert "WR01" not in text(client.get("/exceptions/"))
    response = client.post(SAVE, data={f"pi-{waste.id}-value": "70", f"pi-{homes.id}-value": "19.5%"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"{URL}?period={PERIOD.isoformat()}")
    assert "2 scores added" in text(client.get(response.headers["Location"]))
    exceptions = text(client.get("/exceptions/"))
    assert "WR01" in exceptions and "HS01" not in exceptions  # 70 is Red; 19.5 is under 20, Green
    assert scores_of(homes)[PERIOD].value == Decimal("19.5")


def test_a_saved_score_is_shown_and_changing_it_corrects_it(client, login_as, round_pis, make_user):
    waste = round_pis["waste"]
    recorder = make_user("performance", name="Pat Recorder")
    Score.create(indicator=waste, period_end=PERIOD, value=Decimal(95), note="On time", recorded_by=recorder)
    login_as("performance")
    html = text(client.get(URL))
    assert f'id="pi-{waste.id}-value"' in html and 'value="95"' in html and "Recorded " in html
    seen = re.search(rf'name="pi-{waste.id}-seen" type="hidden" value="([^"]+)"', html).group(1)
    # Unchanged: nothing is written.
    before = scores_of(waste)[PERIOD].recorded_at
    client.post(
        SAVE, data={f"pi-{waste.id}-value": "95", f"pi-{waste.id}-note": "On time", f"pi-{waste.id}-seen": seen}
    )
    assert scores_of(waste)[PERIOD].recorded_at == before
    response = client.post(
        SAVE, data={f"pi-{waste.id}-value": "85", f"pi-{waste.id}-note": "Revised", f"pi-{waste.id}-seen": seen}
    )
    assert response.status_code == 302
    assert "1 corrected" in text(client.get(response.headers["Location"]))
    corrected = scores_of(waste)[PERIOD]
    assert (corrected.value, corrected.note) == (Decimal(85), "Revised")
    assert Score.select().where(Score.indicator == waste).count() == 2


def test_a_score_recorded_by_someone_else_meanwhile_is_not_overwritten(client, login_as, round_pis, make_user):
    waste = round_pis["waste"]
    login_as("performance")
    client.get(URL)  # drawn with no score for the period
    other = make_user("performance", name="Sam Other")
    Score.create(indicator=waste, period_end=PERIOD, value=Decimal(99), recorded_by=other)
    response = client.post(SAVE, data={f"pi-{waste.id}-value": "70", f"pi-{waste.id}-seen": ""})
    assert response.status_code == 422
    html = text(response)
    assert "Sam Other recorded this score while you were entering yours: it is now 99.0%" in html
    assert scores_of(waste)[PERIOD].value == Decimal(99)
    seen = re.search(rf'name="pi-{waste.id}-seen" type="hidden" value="([^"]+)"', html).group(1)
    again = client.post(SAVE, data={f"pi-{waste.id}-value": "70", f"pi-{waste.id}-seen": seen})
    assert again.status_code == 302 and scores_of(waste)[PERIOD].value == Decimal(70)


@pytest.mark.parametrize(
    "typed, error",
    [
        ("20000", "Score must be between"),
        ("", None),
        ("ten", "Score must be a number"),
        ("1e999", "Score must be between"),
    ],
)
def test_each_row_follows_the_pi_pages_rules(client, login_as, round_pis, typed, error):
    login_as("performance")
    waste = round_pis["waste"]
    response = client.post(SAVE, data={f"pi-{waste.id}-value": typed})
    if error is None:
        assert response.status_code == 302 and PERIOD not in scores_of(waste)
    else:
        assert response.status_code == 422 and error in text(response)


def test_a_note_without_a_score_is_refused(client, login_as, round_pis):
    login_as("performance")
    waste = round_pis["waste"]
    response = client.post(SAVE, data={f"pi-{waste.id}-note": "Why?"})
    assert response.status_code == 422 and "WR01: Enter the score, or remove the note" in text(response)


def test_with_htmx_a_row_saves_in_place(client, login_as, round_pis):
    login_as("performance")
    waste = round_pis["waste"]
    response = client.htmx("post", f"{SAVE}/{waste.id}", data={f"pi-{waste.id}-value": "91"})
    assert response.status_code == 200
    html = text(response)
    assert (
        html.lstrip().startswith(f'<tr class="govuk-table__row" id="round-{waste.id}">')
        or f'id="round-{waste.id}"' in html
    )
    assert "<main" not in html and "Green" in html and "Deteriorating" in html
    assert 'hx-swap-oob="innerHTML">WR01: 1 score added' in html
    bad = client.htmx("post", f"{SAVE}/{waste.id}", data={f"pi-{waste.id}-value": "x"})
    assert bad.status_code == 422 and "Score must be a number" in text(bad) and 'value="x"' in text(bad)


def test_without_javascript_a_row_saves_and_comes_back_to_the_round(client, login_as, round_pis):
    login_as("performance")
    waste = round_pis["waste"]
    response = client.post(f"{SAVE}/{waste.id}", data={f"pi-{waste.id}-value": "91"})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"#round-{waste.id}")
    bad = client.post(f"{SAVE}/{waste.id}", data={f"pi-{waste.id}-value": "x"})
    assert bad.status_code == 422 and "<main" in text(bad) and "There is a problem" in text(bad)


def test_a_period_not_on_offer_is_not_found_and_the_chooser_offers_recent_ones(client, login_as, round_pis):
    login_as("performance")
    assert client.post("/indicators/score-round/2020-01-31", data={}).status_code == 404
    assert client.post(f"/indicators/score-round/{add_months(PERIOD, 1).isoformat()}", data={}).status_code == 404
    html = text(client.get(f"{URL}?period={BEFORE.isoformat()}"))
    assert f'<option selected value="{BEFORE.isoformat()}">' in html or f'value="{BEFORE.isoformat()}" selected' in html
    assert f'id="pi-{round_pis["waste"].id}-value"' in html and 'value="92"' in html  # the period's score, in its box
    assert client.get(f"{URL}?period=nonsense").status_code == 200


def test_the_register_links_to_the_round_for_those_who_may_use_it(client, login_as, round_pis):
    login_as("performance")
    assert 'href="/indicators/score-round"' in text(client.get("/indicators/"))


def test_the_register_has_no_link_to_the_round_for_others(client, login_as, round_pis):
    login_as("member")
    assert 'href="/indicators/score-round"' not in text(client.get("/indicators/"))


@pytest.mark.parametrize("action", ["read", "save"])
def test_queries_do_not_grow_with_the_number_of_pis(client, login_as, make_indicator, make_service, action):
    login_as("performance")
    service = make_service("Housing")
    pis = [
        make_indicator(code=f"Q{n:03d}", service=service, target=Decimal(50), financial_year=YEAR) for n in range(200)
    ]

    def cost(count):
        data = {f"pi-{pi.id}-value": "40" for pi in pis[:count]}
        Score.delete().where(Score.period_end == PERIOD).execute()
        with count_queries() as statements:
            response = client.get(URL) if action == "read" else client.post(SAVE, data=data)
        assert response.status_code in (200, 302)
        return len(statements)

    assert cost(10) == cost(200)


def test_a_blank_note_keeps_the_saved_one_as_on_the_pi_page(client, login_as, round_pis):
    waste = round_pis["waste"]
    score = Score.create(indicator=waste, period_end=PERIOD, value=Decimal(95), note="On time")
    login_as("performance")
    seen = score.recorded_at.isoformat()
    response = client.post(
        SAVE, data={f"pi-{waste.id}-value": "93", f"pi-{waste.id}-note": "", f"pi-{waste.id}-seen": seen}
    )
    assert response.status_code == 302
    corrected = scores_of(waste)[PERIOD]
    assert (corrected.value, corrected.note) == (Decimal(93), "On time")
