"""One Performance Improvement Plan as a Word document (docs/meetings-and-papers.md#a-single-plan), laid out section by
section as
the council's PIP template (docs/plans.md).

The builder is pure: it reads a printed plan, plain JSON-serialisable data (webapp/pips/printed.py), and
returns a `docx.Document`; it never touches the database. Committee papers store the same printed plans
when they are published, so a meeting's record never changes when the PIP later does
(docs/meetings-and-papers.md#meetings-and-committee-papers).

A printed plan (dates are ISO "YYYY-MM-DD" strings; optional values may be None or ""):

    {
      "plan": {...},        # the pip/v1 document exactly as webapp.exports.pip_json.plan_to_json makes
                            # it (docs/pip-v1.md): status, author, date, service, indicator{code, name,
                            # description, polarity, unit, frequency}, details{target, score,
                            # last_year_end_score, score_12_months_ago: {value, as_at}, comments},
                            # factors[], solutions[], management_comments[], progress[]
      "indicator": {"decimal_places": 1, "tolerance": 10.0, "tolerance_kind": "relative"},
      "position": {"rag": "red" | "amber" | "green" | "not_rated",
                   "direction": "improving" | "no_change" | "deteriorating" | None},
      "last_update": "2026-10-31" | None,     # the latest progress entry's date
      "overdue": False,                        # progress updates are overdue
      "scores": [{"period_end": "2024-10-31", "value": 91.2, "target": 98.0 | None}, ...],  # oldest first
      "closed": {"on": "2026-11-02" | None, "reason": "..."},  # when it was completed or withdrawn, and why
    }

Committee papers (webapp.exports.papers_docx) hold a list of these under "pips".
"""

from collections.abc import Sequence

from docx.document import Document as WordDocument
from docx.shared import Cm, Pt
from docx.table import Table, _Cell

from webapp.domain.dates import uk_date
from webapp.domain.pips import SECTION_TITLES, CommentRole, Duration, FactorKind, PipStatus, Resourcing, SolutionStatus
from webapp.domain.rating import Number
from webapp.domain.units import Unit, format_value

from .chart import chart_alt_text, chart_png
from .chart_drawing import WIDTH_CM
from .plain import Plain
from .word import add_picture, add_row, add_run, add_table, heading, new_document, start_on_new_page, write

TITLE = "Performance Improvement Plan"
NONE_RECORDED = "None recorded."
NOT_RECORDED = "Not recorded"
FINAL_ENTRY = "Final entry: the plan is complete."
LABEL_WIDTH = 4.8  # cm, room for "Score 12 Months Ago"; every table is 17 cm wide, the page's text width
DETAIL_WIDTHS = (LABEL_WIDTH, 4.6, 2.9, 4.7)
LABELLED_WIDTHS = (LABEL_WIDTH, 12.2)
SOLUTION_WIDTHS = (10.3, 3.2, 3.5)
PROGRESS_WIDTHS = (3.6, 10.4, 3.0)
SCORE_ROWS = (
    ("Target", "target"),
    ("Score", "score"),
    ("Last Year End Score", "last_year_end_score"),
    ("Score 12 Months Ago", "score_12_months_ago"),
)
COMMENT_ROLES = (CommentRole.HEAD_OF_SERVICE, CommentRole.CMT, CommentRole.OMT, CommentRole.MEMBERS)


def pi_title(plan: Plain) -> str:
    """The PI as papers name it: "WR01 Household waste collected on time"."""
    indicator = plan["indicator"]
    return f"{indicator['code']} {indicator['name']}".strip()


def pip_document(printed: Plain, *, exported_by: str | None = None) -> WordDocument:
    """The whole single-PIP document; `exported_by` is the person downloading it, its author in Word's
    properties (docs/meetings-and-papers.md#every-document)."""
    plan = printed["plan"]
    document = new_document(f"{TITLE} – {pi_title(plan)}", author=exported_by)
    add_pip(document, printed, TITLE)
    return document


def add_pip(document: WordDocument, printed: Plain, title: str, *, new_page: bool = False) -> None:
    """Write one PIP into `document` under a Heading 1 `title` (for an appendix, "Appendix A: ...")."""
    plan = printed["plan"]
    paragraph = heading(document, title, 1)
    if new_page:
        start_on_new_page(paragraph)
    _add_author_and_date(document, printed)
    _add_details(document, printed)
    _add_factors(document, plan, FactorKind.EXTERNAL, SECTION_TITLES[2])
    _add_factors(document, plan, FactorKind.INTERNAL, SECTION_TITLES[3])
    _add_solutions(document, plan)
    _add_management_comments(document, plan)
    _add_progress(document, printed)


def _labelled_row(table: Table, label: str, spans: Sequence[int] | None = None) -> list[_Cell]:
    """A row whose first cell is a bold label; returns the row's cells."""
    cells = add_row(table, spans)
    write(cells[0], label, bold=True)
    return cells


def _add_author_and_date(document: WordDocument, printed: Plain) -> None:
    plan = printed["plan"]
    table = add_table(document, LABELLED_WIDTHS)
    for label, value in (
        ("Author", plan.get("author")),
        ("Date", uk_date(plan.get("date"))),
        ("Service", plan.get("service")),
        ("Status", PipStatus(plan["status"]).label),
        *_closing_rows(printed),
    ):
        write(_labelled_row(table, label)[1], value)


def _closing_rows(printed: Plain) -> list[tuple[str, str]]:
    """When a Completed plan was completed, and when and why a Withdrawn one was withdrawn
    (docs/meetings-and-papers.md#every-plan-state): a plan's papers never leave its ending unexplained."""
    status, closed = PipStatus(printed["plan"]["status"]), printed.get("closed") or {}
    if status is PipStatus.WITHDRAWN:
        return [
            ("Withdrawn on", uk_date(closed.get("on")) or NOT_RECORDED),
            ("Reason for withdrawal", closed.get("reason") or NOT_RECORDED),
        ]
    if status is PipStatus.COMPLETED and closed.get("on"):
        return [("Completed on", uk_date(closed["on"]))]
    return []


def _add_details(document: WordDocument, printed: Plain) -> None:
    """Section 1: the template's label | value | "As at Date" | date grid, then the chart."""
    indicator, details = printed["plan"]["indicator"], printed["plan"]["details"]
    heading(document, SECTION_TITLES[1], 2)
    table = add_table(document, DETAIL_WIDTHS)
    for label, key in (("PI Code", "code"), ("PI Name", "name"), ("PI Description", "description")):
        write(_labelled_row(table, label, (1, 3))[1], indicator.get(key))
    for label, key in SCORE_ROWS:
        pair = details.get(key) or {}
        cells = _labelled_row(table, label)
        write(cells[1], _with_unit(printed, pair.get("value")) or NOT_RECORDED)
        write(cells[2], "As at Date", bold=True)
        write(cells[3], uk_date(pair.get("as_at")))
    write(_labelled_row(table, "Comments", (1, 3))[1], details.get("comments"))
    _add_chart(document, printed)


def _with_unit(printed: Plain, value: Number | None) -> str:
    """A value of the PI written with its unit and decimal places: 91.2%, 12.5 days."""
    return format_value(value, printed["plan"]["indicator"]["unit"], printed["indicator"].get("decimal_places") or 0)


def _add_chart(document: WordDocument, printed: Plain) -> None:
    png = chart_png(printed)
    if png is None:
        write(document, no_chart_note(printed), italic=True)
        return
    name = pi_title(printed["plan"])
    add_picture(document, png, Cm(WIDTH_CM), chart_alt_text(printed), f"Chart of {name} against target")
    write(
        document,
        f"Chart: {name}, scores against target. The dashed line is the target for each period; "
        "the shaded band is Amber, short of target but within tolerance.",
        italic=True,
        size=10,
    )


def no_chart_note(printed: Plain) -> str:
    """Why there is no chart, and where any score in Section 1 comes from: the register holds no scores
    for the PI (a plan imported before its PI's scores were), so Section 1 shows the plan's own."""
    plan = printed["plan"]
    code = plan["indicator"].get("code") or "this PI"
    details = plan.get("details") or {}
    recorded = any((details.get(key) or {}).get("value") is not None for _, key in SCORE_ROWS)
    if recorded:
        return (
            f"No chart: the PI register holds no scores for {code}. The values in Section 1 are those "
            "recorded in this plan itself, not read from the register."
        )
    return f"No scores recorded: neither the PI register nor this plan holds a score for {code}."


def _add_factors(document: WordDocument, plan: Plain, kind: FactorKind, title: str) -> None:
    """Sections 2 and 3: Temporary Factors and Long Term Factors, each factor under its reference."""
    heading(document, title, 2)
    table = add_table(document, LABELLED_WIDTHS)
    for duration in (Duration.TEMPORARY, Duration.LONG_TERM):
        cell = _labelled_row(table, duration.label)[1]
        factors = [f for f in plan["factors"] if f["kind"] == kind and f["duration"] == duration]
        for factor in factors:
            _write_referenced(cell, factor["ref"], factor["description"])
        if not factors:
            write(cell, NONE_RECORDED)


def _write_referenced(cell: _Cell, ref: str, text: str | None) -> None:
    """The reference in bold, then the text, as the template lists them: "E1  Heavy snowfall in January." """
    paragraph = write(cell, ref, bold=True)
    add_run(paragraph, "  ", clean=False)
    add_run(paragraph, text)


def _write_labelled(cell: _Cell, label: str, text: str | None) -> None:
    paragraph = write(cell, f"{label}:", bold=True)
    add_run(paragraph, " ", clean=False)
    add_run(paragraph, text)


def _add_solutions(document: WordDocument, plan: Plain) -> None:
    """Section 4: Solutions | Target Date | Factors Addressed."""
    heading(document, SECTION_TITLES[4], 2)
    table = add_table(document, SOLUTION_WIDTHS, ["Solutions", "Target Date", "Factors Addressed"])
    for solution in plan["solutions"]:
        cells = add_row(table)
        _write_solution(cells[0], solution)
        write(cells[1], uk_date(solution.get("target_date")) or "Not set")
        write(cells[2], ", ".join(solution.get("factors") or ()) or "None")
    if not plan["solutions"]:
        write(add_row(table, (3,))[0], NONE_RECORDED)


def _write_solution(cell: _Cell, solution: Plain) -> None:
    _write_referenced(cell, solution["ref"], solution.get("description"))
    if solution.get("resourcing"):
        _write_labelled(cell, "Resourcing", _resourcing(solution))
    for label, key in (
        ("Time lag", "time_lag"),
        ("Option group", "option_group"),
        ("Strengths", "strengths"),
        ("Weaknesses", "weaknesses"),
    ):
        if solution.get(key):
            _write_labelled(cell, label, solution[key])
    _write_labelled(cell, "Status", SolutionStatus(solution["status"]).label)


def _resourcing(solution: Plain) -> str:
    """How a solution is paid for: "Within the service", or "Extra funding sought: £18,000 – Bid to the
    winter pressures reserve." """
    resourcing = Resourcing(solution["resourcing"])
    words = resourcing.label
    amount = solution.get("funding_amount")
    if resourcing is Resourcing.EXTRA_FUNDING and amount is not None:
        pence = 0 if float(amount).is_integer() else 2
        words += f": {format_value(amount, Unit.CURRENCY, pence)}"
    if solution.get("funding_note"):
        words += f" – {solution['funding_note']}"
    return words


def _add_management_comments(document: WordDocument, plan: Plain) -> None:
    """Section 5: Head of Service, CMT, OMT (only when it has commented) and Members."""
    heading(document, SECTION_TITLES[5], 2)
    table = add_table(document, LABELLED_WIDTHS)
    comments = plan["management_comments"]
    for role in COMMENT_ROLES:
        mine = [comment for comment in comments if comment["role"] == role]
        if role is CommentRole.OMT and not mine:
            continue
        cell = _labelled_row(table, role.label)[1]
        for number, comment in enumerate(mine):
            paragraph = write(cell, comment.get("text"))
            if number:
                paragraph.paragraph_format.space_before = Pt(8)
            write(cell, _comment_source(comment), italic=True)
            decisions = _decisions(comment)
            if decisions:
                write(cell, decisions)
        if not mine:
            write(cell, NONE_RECORDED)


def _comment_source(comment: Plain) -> str:
    """Who and when, and the meeting it was made at: "Chief Executive, 14 October 2026 – CMT,
    14 October 2026, minute CMT/2026/41" (the template: comments cross-refer to their meetings)."""
    who = ", ".join(part for part in (comment.get("author"), uk_date(comment.get("date"))) if part)
    meeting = comment.get("meeting")
    if not meeting:
        return who
    where = ", ".join(part for part in (meeting.get("body"), uk_date(meeting.get("date"))) if part)
    if meeting.get("reference"):
        where += f", minute {meeting['reference']}"
    return f"{who} – {where}" if who else where


def _decisions(comment: Plain) -> str:
    words = []
    if comment.get("approves"):
        words.append(f"Approves {', '.join(comment['approves'])}.")
    if comment.get("declines"):
        words.append(f"Declines {', '.join(comment['declines'])}.")
    return " ".join(words)


def _add_progress(document: WordDocument, printed: Plain) -> None:
    """Section 6: Date | Comment | PI Score, the final entry stating that the plan is complete."""
    plan = printed["plan"]
    heading(document, SECTION_TITLES[6], 2)
    table = add_table(document, PROGRESS_WIDTHS, ["Date", "Comment", "PI Score"])
    for entry in plan["progress"]:
        cells = add_row(table, keep_together=True)
        write(cells[0], uk_date(entry.get("date")))
        write(cells[1], entry.get("comment"))
        if entry.get("final"):
            write(cells[1], FINAL_ENTRY, bold=True)
        write(cells[2], _with_unit(printed, entry.get("score")))
    if not plan["progress"]:
        write(add_row(table, (3,))[0], NONE_RECORDED)
