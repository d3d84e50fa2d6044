"""Reading a whole PIP for its page, in a fixed number of queries whatever its size.

The page has a budget of 10 ms (docs/quality.md), and for the plan's seven small queries peewee takes
longer to build the SQL and the model objects than the database takes to answer. So each query is
compiled to SQL once per process (the text only: the rows are read afresh on every call), and the
plan's rows come back as the small records below rather than as models. The PIP itself, its PI and
its service stay models: views and permission checks pass them on to other queries.
"""

import json
from datetime import date
from decimal import Decimal
from functools import cache, cached_property
from operator import attrgetter, itemgetter

from flask import abort
from peewee import JOIN, SQL

from webapp.core.db import is_sqlite
from webapp.domain.pips import (
    reference_order,
)
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
from webapp.models.reading import CompiledQuery, converted_rows, converter, model_from

from .records import (
    BodyRow,
    CommentRow,
    DecisionRow,
    FactorRow,
    MeetingRow,
    Plan,
    ProgressRow,
    SolutionRow,
)

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


# ---------------------------------------------------------------------------------------------
# A plan's rows as a change leaves them (webapp/pips/changes.py): the change keeps the plan it read up to
# date, rather than read it all again after its write.


def as_read(section, row):
    """The values of `row` (a model just written, or a record) that `section` selects, as load_plan reads them
    back: each through its column's own writing and reading (an exact number loses its trailing zeros)."""
    return tuple(read_back(column, getattr(row, column.name)) for column in _selected(section))


def put_in_order(rows, section):
    """A section's records put in the order load_plan gives them (the columns it is ordered by)."""
    rows.sort(key=attrgetter(*[column.name for column in _order(section)]))


def read_back(column, value):
    """`value` as `column` gives it back once written."""
    return None if value is None else column.python_value(column.db_value(value))


@cache
def _selected(section):
    return SECTIONS[section](lambda column: column == _ANY_PIP).selected_columns


@cache
def _order(section):
    return SECTIONS[section](lambda column: column == _ANY_PIP)._order_by


class PlanStatement:
    """The whole plan in one SQL statement: the PIP row with its PI and service, and each section's
    rows as a JSON array in a column of its own (JSON functions both SQLite and PostgreSQL have).

    One statement rather than seven matters most to a row action, which reads the plan before its write
    (docs/quality.md: at most eight statements), and to PostgreSQL, where each statement is a round
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
            rows = converted_rows(converters, _read_json(text) if text else [])
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
            # Unordered: the rows are put in order as they are read (`row`), and sorting them in SQL as
            # well cost SQLite a third of the statement.
            named = query.select(*[column.alias(f"c{n}") for n, column in enumerate(selected)]).order_by()
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


# JSON numbers as exact decimals; one decoder for every read (json.loads with parse_float makes one a call).
_read_json = json.JSONDecoder(parse_float=Decimal).decode


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
    pip = model_from(Pip, values[:pip_end])
    pip.indicator = model_from(Indicator, values[pip_end:indicator_end])
    pip.service = model_from(Service, values[indicator_end:])
    return pip


def _comment(
    id_, role, author, made_on, text, meeting_id, minute_reference, recorded_by_id, meeting_date, body_id, body_name
):
    meeting = None if meeting_id is None else MeetingRow(meeting_id, meeting_date, BodyRow(body_id, body_name))
    return CommentRow(id_, role, author, made_on, text, meeting_id, minute_reference, recorded_by_id, meeting)
