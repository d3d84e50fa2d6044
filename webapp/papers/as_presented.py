"""A plan as the published papers presented it, in the browser (docs/meetings-and-papers.md#as-presented): the
appendix read from its stored printed plan, with the same content as the Word appendix, so a Member reads what
the committee was given, whatever the plan has become since. Anyone who may read the published papers may
read their appendices, in every version."""

from types import SimpleNamespace

from flask import abort, render_template
from markupsafe import Markup

from webapp.core.permissions import signed_in
from webapp.domain.papers import appendix_letter
from webapp.domain.pips import SECTION_TITLES, CommentRole, PipStatus, Resourcing, SolutionStatus
from webapp.exports.chart_svg import chart_svg
from webapp.pips.printed import restored

from . import bp
from .changes import add_changes_since
from .item import entries
from .versions import latest_version, snapshots_of, version_of
from .views import _visible_item, a_and_p_meeting

SCORES_TABLE = "presented-scores"
SCORE_ROWS = (
    ("Target", "target"),
    ("Score", "score"),
    ("Last Year End Score", "last_year_end_score"),
    ("Score 12 Months Ago", "score_12_months_ago"),
)
WORDS = {
    "status": lambda value: PipStatus(value).label,
    "solution_status": lambda value: SolutionStatus(value).label,
    "role": lambda value: CommentRole(value).label,
    "resourcing": lambda value: Resourcing(value).label,
}


def published_version(meeting_id, number):
    """The meeting, its published item and version `number` of its papers (the latest when None), when the
    user may read the published papers: 404 for none, 403 before publication for all but clerks."""
    meeting = a_and_p_meeting(meeting_id)
    item = _visible_item(meeting)
    if item is None or not item.published:
        abort(404)
    version = latest_version(item) if number is None else version_of(item, number)
    if version is None:
        abort(404)
    return meeting, item, version


@bp.route("/appendices/<int:entry_id>")
@bp.route("/versions/<int:number>/appendices/<int:entry_id>")
@signed_in
def appendix(meeting_id, entry_id, number=None):
    meeting, item, version = published_version(meeting_id, number)
    rows = entries(item)
    position = next((i for i, row in enumerate(rows) if row.id == entry_id), None)
    text = snapshots_of(version).get(entry_id)
    printed = restored(text) if text else {}
    if position is None or "plan" not in printed:
        abort(404)
    if version.with_changes:  # as the Word appendix prints them (changes.py)
        add_changes_since([printed], item, [rows[position]], version)
    indicator = SimpleNamespace(
        unit=printed["plan"]["indicator"]["unit"], decimal_places=printed["indicator"].get("decimal_places") or 0
    )
    chart = chart_svg(printed, SCORES_TABLE, "presented-chart")
    return render_template(
        "papers/appendix.html",
        meeting=meeting,
        item=item,
        version=version,
        latest=number is None or latest_version(item).number == version.number,
        entry=rows[position],
        letter=appendix_letter(position),
        printed=printed,
        plan=printed["plan"],
        indicator=indicator,
        chart=None if chart is None else Markup(chart),  # safe: chart_svg escapes every text it holds
        score_rows=SCORE_ROWS,
        section_titles=SECTION_TITLES,
        words=WORDS,
        roles=[CommentRole.HEAD_OF_SERVICE, CommentRole.CMT, CommentRole.OMT, CommentRole.MEMBERS],
    )
