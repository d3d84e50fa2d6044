"""The trend on a PI's page (docs/rating.md#the-trend-on-a-pis-page): inline SVG beside the score history."""

import re
from datetime import date
from decimal import Decimal

import lxml.html

from webapp.domain.periods import Frequency, add_months, latest_period_end

LAST = latest_period_end(Frequency.MONTHLY, date.today())


def test_the_pi_page_shows_the_trend_with_its_words_and_the_table_it_refers_to(client, login_as, make_indicator):
    login_as("member")
    pi = make_indicator(
        code="WR01",
        name='Bins <emptied> & "cleaned"',
        target=Decimal(90),
        financial_year=2026,
        scores=[(add_months(LAST, -n), Decimal(80 + n)) for n in range(40)],
    )
    html = client.get(f"/indicators/{pi.id}").get_data(as_text=True)
    page = lxml.html.fromstring(html)
    [figure] = page.xpath('//figure[@id="trend-figure"]')
    [svg] = figure.xpath(".//svg")
    assert svg.get("role") == "img"
    assert svg.xpath("./title")[0].text_content() == 'Chart of WR01 Bins <emptied> & "cleaned": scores against target'
    assert "36 scores from" in svg.xpath("./desc")[0].text_content()  # the latest three years, as in Word
    assert figure.xpath('.//figcaption//a[@href="#score-history"]') and page.xpath('//table[@id="score-history"]')
    assert "The latest 36 scores" in figure.text_content()
    assert "<script" not in lxml.html.tostring(figure, encoding="unicode")
    assert "Bins <emptied>" not in html  # escaped everywhere


def test_no_scores_no_chart(client, login_as, make_indicator):
    login_as("member")
    pi = make_indicator(code="WR02")
    assert "trend-figure" not in client.get(f"/indicators/{pi.id}").get_data(as_text=True)


def test_a_score_added_with_htmx_redraws_the_chart(client, login_as, make_indicator):
    login_as("performance")
    pi = make_indicator(code="WR03", target=Decimal(90), financial_year=2026)
    day = LAST
    response = client.htmx(
        "post",
        f"/indicators/{pi.id}/scores",
        data={"period_end-day": day.day, "period_end-month": day.month, "period_end-year": day.year, "value": "85"},
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'id="trend-figure"' in html and re.search(r"one score, for \w+ \d{4}", html)
