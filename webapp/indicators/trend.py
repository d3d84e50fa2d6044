"""The trend on a PI's page (docs/rating.md#the-trend-on-a-pis-page): the chart of its scores against target and
the Amber band, drawn as inline SVG by webapp/exports/chart_svg.py from the page's own score history
(webapp/indicators/pi_page.py), so it needs no query of its own, and always shows what the table does.

Templates call `trend_chart(pi)` (templates/indicators/_trend.html); the PI's page and the scores section
htmx swaps in after a score is added both draw it."""

from markupsafe import Markup

from webapp.exports.chart_svg import chart_svg

from . import bp

CHART_SCORES = 36  # the latest three years of monthly scores, as the Word chart shows (webapp/pips/printed.py)
TABLE_ID = "score-history"  # the table of every score on the PI's page (templates/indicators/_scores.html)


def trend_data(page):
    """The PI page's scores as the chart builders take a printed plan: only the parts they read."""
    indicator = page.indicator
    lines = page.scores[:CHART_SCORES]  # newest first
    return {
        "plan": {
            "indicator": {
                "code": indicator.code,
                "name": indicator.name,
                "unit": indicator.unit.value,
                "polarity": indicator.polarity.value,
            }
        },
        "indicator": {
            "decimal_places": indicator.decimal_places,
            "tolerance": indicator.tolerance,
            "tolerance_kind": indicator.tolerance_kind.value,
        },
        "scores": [
            {"period_end": line.score.period_end.isoformat(), "value": line.score.value, "target": line.target}
            for line in reversed(lines)
        ],
    }


bp.add_app_template_global(CHART_SCORES, "trend_scores")


@bp.app_template_global("trend_chart")
def trend_chart(page):
    """The chart as safe markup (every text in it is escaped by its builder), or None with no score."""
    svg = chart_svg(trend_data(page), TABLE_ID)
    return None if svg is None else Markup(svg)  # safe: chart_svg escapes every text it holds
