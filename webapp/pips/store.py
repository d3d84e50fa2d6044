"""Reading a whole PIP for its page, in a fixed number of queries whatever its size.

The page has a budget of 10 ms (docs/quality.md), and for the plan's seven small queries peewee takes
longer to build the SQL and the model objects than the database takes to answer. So each query is
compiled to SQL once per process (the text only: the rows are read afresh on every call), and the
plan's rows come back as the small records below rather than as models. The PIP itself, its PI and
its service stay models: views and permission checks pass them on to other queries.
"""

import json
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property
from operator import itemgetter

from flask import abort
from peewee import JOIN, SQL

from webapp.core.db import is_sqlite
from webapp.domain.access import is_read_only
from webapp.domain.lifecycle import REQUIRED_DETAILS, PlanFacts, SolutionFacts, unaddressed_factors
from webapp.domain.pips import (
    SECTION_TITLES,
    CommentRole,
    Duration,
    FactorKind,
    PipStatus,
    Resourcing,
    SolutionStatus,
    reference_order,
)
from webapp.domain.progress import is_overdue, next_update_due
from webapp.models import (
    Body,
    Factor,
    Indicator,
    ManagementComment,
    Meeting,
    Pip,
    ProgressUpdate,
    Service,
    Solution,
    SolutionDecision,
    SolutionFactor,
    database,
)
from webapp.models.reading import CompiledQuery, converted_rows, converter


@dataclass
class Plan:
    """A PIP with all its rows, ready for a page, a Word paper or a JSON export."""

    pip: Pip
    factors: list
    solutions: list
    comments: list
    progress: list
    today: date = field(default_factory=date.today)

    @property
    def indicator(self):
        return self.pip.indicator

    def factors_of(self, kind, duration=None):
        kind = FactorKind(kind)
        return [f for f in self.factors if f.kind is kind and (duration is None or f.duration is Duration(duration))]

    @property
    def factor_refs(self):
        return [f.ref for f in self.factors]

    @property
    def unaddressed(self):
        return unaddressed_factors(self.factor_refs, self.solution_facts)

    @property
    def solution_facts(self):
        return [
            SolutionFacts(s.ref, s.status, s.target_date, tuple(f.ref for f in s.addressed), f"solution-{s.ref}")
            for s in self.solutions
        ]

    @property
    def facts(self):
        details = {
            name: getattr(self.pip, name)
            for name in (
                "pi_code",
                "pi_name",
                "pi_description",
                "target_value",
                "target_as_at",
                "score_value",
                "score_as_at",
            )
        }
        return PlanFacts(self.pip.status, details, tuple(self.factor_refs), self.solution_facts)

    @property
    def next_update_due(self):
        last = max((p.made_on for p in self.progress), default=None)
        return next_update_due(self.indicator.frequency, last, self.pip.went_live_on)

    @property
    def read_only(self):
        return is_read_only(self.pip.status)

    @property
    def sections(self):
        return section_states(self)

    @property
    def overdue(self):
        return self.pip.status.value == "live" and is_overdue(self.next_update_due, self.today)


@dataclass(frozen=True)
class SectionState:
    number: int
    title: str
    status: str
    done: bool


def section_states(plan):
    """Each section of the task list, with whether it is complete (docs/plans.md#the-plan)."""
    pip = plan.pip
    details_done = all(getattr(pip, name) not in (None, "") for name, _ in REQUIRED_DETAILS)
    solutions_done = bool(plan.solutions) and all(s.target_date and s.addressed for s in plan.solutions)
    has_hos_comment = any(c.role is CommentRole.HEAD_OF_SERVICE for c in plan.comments)
    if pip.status is PipStatus.DRAFT:
        progress = (False, "Cannot start yet")
    elif pip.status is PipStatus.COMPLETED:
        progress = (True, "Completed")
    else:
        progress = (False, "Overdue" if plan.overdue else "In progress")
    states = [
        (details_done, "Completed" if details_done else "Incomplete"),
        _listed(plan.factors_of(FactorKind.EXTERNAL)),
        _listed(plan.factors_of(FactorKind.INTERNAL)),
        (solutions_done, "Completed" if solutions_done else "Incomplete" if plan.solutions else "Not started"),
        (has_hos_comment, "Completed" if has_hos_comment else "Not started"),
        progress,
    ]
    return [SectionState(n, SECTION_TITLES[n], status, done) for n, (done, status) in enumerate(states, 1)]


def _listed(rows):
    return (True, "Completed") if rows else (False, "Not started")


# ---------------------------------------------------------------------------------------------
# The plan's rows: the columns its page, its Word paper and its JSON export read, under the names
# their models give them. Like the rest of a Plan they belong to one request, and compare by identity.


@dataclass(slots=True, eq=False)
class FactorRow:
    id: int
    ref: str
    kind: FactorKind
    duration: Duration
    description: str


@dataclass(slots=True, eq=False)
class SolutionRow:
    id: int
    ref: str
    description: str
    target_date: date | None
    resourcing: Resourcing
    funding_amount: Decimal | None
    funding_note: str
    time_lag: str
    option_group: str
    strengths: str
    weaknesses: str
    status: SolutionStatus
    addressed: list = field(default_factory=list)  # the FactorRows it addresses, in reference order


@dataclass(slots=True, eq=False)
class BodyRow:
    id: int
    name: str


@dataclass(slots=True, eq=False)
class MeetingRow:
    id: int
    date: date
    body: BodyRow


@dataclass(slots=True, eq=False)
class DecisionRow:
    """A CMT comment's approval or refusal of one of the plan's solutions."""

    id: int
    comment_id: int
    solution_id: int
    approved: bool
    solution: SolutionRow | None


@dataclass(slots=True, eq=False)
class CommentRow:
    id: int
    role: CommentRole
    author: str
    made_on: date
    text: str
    meeting_id: int | None
    minute_reference: str
    recorded_by_id: int | None
    meeting: MeetingRow | None = None
    decided: list = field(default_factory=list)  # its DecisionRows


@dataclass(slots=True, eq=False)
class ProgressRow:
    id: int
    made_on: date
    comment: str
    score: float | None
    final: bool


# ---------------------------------------------------------------------------------------------
# The queries


_ANY_PIP = 0  # stands for the plan's id while a query is compiled: its one parameter


def _pip_query(pip_id):
    return Pip.select(Pip, Indicator, Service).join(Indicator).switch(Pip).join(Service).where(Pip.id == pip_id)


# Each section's rows, in the order the page shows them, of the plans `chosen` picks: a condition on the
# column that names a row's plan (one plan's page here; the plans of committee papers in store_many.py).
SECTIONS = {
    "factors": lambda chosen: (
        Factor.select(Factor.id, Factor.ref, Factor.kind, Factor.duration, Factor.description)
        .where(chosen(Factor.pip))
        .order_by(Factor.kind, Factor.id)
    ),
    "solutions": lambda chosen: (
        Solution.select(
            Solution.id,
            Solution.ref,
            Solution.description,
            Solution.target_date,
            Solution.resourcing,
            Solution.funding_amount,
            Solution.funding_note,
            Solution.time_lag,
            Solution.option_group,
            Solution.strengths,
            Solution.weaknesses,
            Solution.status,
        )
        .where(chosen(Solution.pip))
        .order_by(Solution.id)
    ),
    "addressed": lambda chosen: (
        SolutionFactor.select(SolutionFactor.solution, SolutionFactor.factor)
        .join(Solution)
        .where(chosen(Solution.pip))
        .order_by(SolutionFactor.factor)
    ),
    "comments": lambda chosen: (
        ManagementComment.select(
            ManagementComment.id,
            ManagementComment.role,
            ManagementComment.author,
            ManagementComment.made_on,
            ManagementComment.text,
            ManagementComment.meeting,
            ManagementComment.minute_reference,
            ManagementComment.recorded_by,
            Meeting.date,
            Body.id,
            Body.name,
        )
        .join(Meeting, JOIN.LEFT_OUTER)
        .join(Body, JOIN.LEFT_OUTER)
        .where(chosen(ManagementComment.pip))
        .order_by(ManagementComment.made_on, ManagementComment.id)
    ),
    "decisions": lambda chosen: (
        SolutionDecision.select(
            SolutionDecision.id, SolutionDecision.comment, SolutionDecision.solution, SolutionDecision.approved
        )
        .join(ManagementComment)
        .where(chosen(ManagementComment.pip))
        .order_by(SolutionDecision.id)
    ),
    "progress": lambda chosen: (
        ProgressUpdate.select(
            ProgressUpdate.id,
            ProgressUpdate.made_on,
            ProgressUpdate.comment,
            ProgressUpdate.score,
            ProgressUpdate.final,
        )
        .where(chosen(ProgressUpdate.pip))
        .order_by(ProgressUpdate.made_on, ProgressUpdate.id)
    ),
}


def _one_plan(build):
    return lambda pip_id: build(lambda column: column == pip_id)


class PlanStatement:
    """The whole plan in one SQL statement: the PIP row with its PI and service, and each section's
    rows as a JSON array in a column of its own (JSON functions both SQLite and PostgreSQL have).

    One statement rather than seven matters most to a row action, which reads the plan before and after
    its write (docs/quality.md: at most eight statements), and to PostgreSQL, where each statement is a round
    trip. Each section's rows are put in its order here, by the columns it is ordered by, so the order does
    not depend on how the database aggregates (neither SQLite nor PostgreSQL promises to keep a subquery's
    order in an aggregate; numbering the rows in SQL instead cost SQLite two thirds of the statement).
    Compiled once per kind of database, as a CompiledQuery.
    """

    def __init__(self, pip_query, sections):
        self._pip_query = pip_query
        self._sections = sections
        # The plan's id stands in each section's subquery and in the PIP's own WHERE.
        self._statement = CompiledQuery(self._whole_plan, _ANY_PIP, uses=len(sections) + 1)

    def row(self, pip_id):
        """(values of the PIP, PI and service columns, {section: list of row tuples}), or None."""
        row = self._statement.row(pip_id)
        if row is None:
            return None
        count = len(row) - len(self._sections)
        sections = {}
        for (name, (converters, order)), text in zip(self._readers.items(), row[count:]):
            rows = converted_rows(converters, json.loads(text, parse_float=Decimal) if text else [])
            rows.sort(key=order)
            sections[name] = rows
        return row[:count], sections

    @cached_property
    def _readers(self):
        """{section: (its columns' converters, the key that puts its rows in order)}. JSON gives dates as
        ISO text, SQLite's booleans as 0 and 1, and numbers as exact decimals (read with
        parse_float=Decimal): the same converters as the columns read directly."""
        readers = {}
        for name, build in self._sections.items():
            query = build(_ANY_PIP)
            selected = query.selected_columns
            order = itemgetter(*[_position(selected, column) for column in query._order_by])
            readers[name] = (tuple(converter(column) for column in selected), order)
        return readers

    def _whole_plan(self, pip_id):
        sqlite = is_sqlite(database.obj)
        columns = []
        for build in self._sections.values():
            query = build(pip_id)
            selected = query.selected_columns
            named = query.select(*[column.alias(f"c{n}") for n, column in enumerate(selected)])
            inner, params = named.sql()
            if params != [pip_id]:
                raise ValueError(f"A plan's query must have the plan's id as its only parameter, not {params}")
            names = ", ".join(f"c{n}" for n in range(len(selected)))
            if sqlite:
                text = f"(SELECT json_group_array(json_array({names})) FROM ({inner}))"
            else:
                text = f"(SELECT json_agg(json_build_array({names}))::text FROM ({inner}) AS rows)"
            columns.append(SQL(text, [pip_id]))
        return self._pip_query(pip_id).select_extend(*columns)


def _position(selected, column):
    """Where a column a section is ordered by is among those it selects (it must be selected)."""
    for position, candidate in enumerate(selected):
        if candidate is column:
            return position
    raise ValueError(f"A plan's section must select the column it is ordered by: {column}")


_PLAN = PlanStatement(_pip_query, {name: _one_plan(build) for name, build in SECTIONS.items()})


def load_plan(pip_id, today=None):
    """The PIP and every row of it, or 404. One statement, whatever the number of rows."""
    found = _PLAN.row(pip_id)
    if found is None:
        abort(404)
    pip_values, rows = found
    return assemble(_pip(pip_values), rows, today or date.today())


def assemble(pip, rows, today):
    """A Plan from its PIP and each section's rows (tuples of SECTIONS' columns, in their order)."""
    factors = [FactorRow(*row) for row in rows["factors"]]
    factors_by_id = {f.id: f for f in factors}
    solutions = [SolutionRow(*row) for row in rows["solutions"]]
    solutions_by_id = {s.id: s for s in solutions}
    for solution_id, factor_id in rows["addressed"]:
        solutions_by_id[solution_id].addressed.append(factors_by_id[factor_id])
    for solution in solutions:
        solution.addressed.sort(key=lambda factor: reference_order(factor.ref))
    comments = [_comment(*row) for row in rows["comments"]]
    comments_by_id = {c.id: c for c in comments}
    for decision_id, comment_id, solution_id, approved in rows["decisions"]:
        comments_by_id[comment_id].decided.append(
            DecisionRow(decision_id, comment_id, solution_id, approved, solutions_by_id.get(solution_id))
        )
    progress = [ProgressRow(*row) for row in rows["progress"]]
    return Plan(pip, factors, solutions, comments, progress, today)


def _pip(values):
    """The PIP with its PI and service, as models, from the values of all their columns."""
    pip_end = len(Pip._meta.sorted_fields)
    indicator_end = pip_end + len(Indicator._meta.sorted_fields)
    pip = _model(Pip, values[:pip_end])
    pip.indicator = _model(Indicator, values[pip_end:indicator_end])
    pip.service = _model(Service, values[indicator_end:])
    return pip


def _model(model, values):
    """A model instance from the values of all its columns, in order."""
    return model(**dict(zip((f.name for f in model._meta.sorted_fields), values)))


def _comment(
    id_, role, author, made_on, text, meeting_id, minute_reference, recorded_by_id, meeting_date, body_id, body_name
):
    meeting = None if meeting_id is None else MeetingRow(meeting_id, meeting_date, BodyRow(body_id, body_name))
    return CommentRow(id_, role, author, made_on, text, meeting_id, minute_reference, recorded_by_id, meeting)
