"""Finding PIs, plans and meetings by their words (docs/search.md): the read model of the search page.

One statement answers a page of results, whatever the number of plans: the rows that match and that the
person may read are ranked and counted (a window over them), the page's rows kept, and only those given their
marked title and snippet, which cost the most to make. A page past the last one costs a count and one more
page: three statements at most.

Plans are filtered by the one read rule as a query condition (webapp/pips/access.py `readable_condition`,
docs/users-and-permissions.md), the plan list's own: a result is never a plan its reader could not open. PIs
and meetings are read by everyone signed in.

Ranking: SQLite's bm25, PostgreSQL's ts_rank, a word in the title (a PI's or plan's code and name, a meeting's
body and day) counting five times one in the rest; ties by kind and id, so a page's order is stable.
"""

from dataclasses import dataclass

from webapp.core.db import is_sqlite
from webapp.core.pagination import Page
from webapp.domain.pips import PipStatus
from webapp.domain.search import END, START, Kind, Segment, fts5_query, has_match, plain_query, segments
from webapp.models import Pip, database

from .index import TABLE

PER_PAGE = 20
SNIPPET_WORDS = 24  # about a line and a half of the page


@dataclass
class Result:
    kind: Kind
    ref: int
    title: list[Segment]
    snippet: list[Segment]  # the words around the match, marked; empty when only the title matched
    status: PipStatus | None  # a plan's
    service: str | None  # a plan's or PI's


def _readable(sqlite, condition):
    """SQL and its parameters saying a row is a PI, a meeting, or a plan that `condition` lets the person read.
    SQLite's rows are asked by their id alone (domain `row_key`): reading an FTS5 row's other columns reads its
    whole text, which for every match of a common word costs more than the search."""
    if condition is True:
        return "1 = 1", []
    plan = Kind.PLAN
    if sqlite:
        not_a_plan = f"rowid % 4 <> {plan.code}"
        readable = Pip.select(Pip.id * 4 + plan.code).where(condition)
        in_readable = "rowid IN ({})"
    else:
        not_a_plan = f"kind <> '{plan.value}'"
        readable = Pip.select(Pip.id).where(condition)
        in_readable = "ref IN ({})"
    if condition is False:
        return not_a_plan, []
    sql, params = readable.sql()
    return f"({not_a_plan} OR {in_readable.format(sql)})", list(params)


# What each engine says for the parts that differ. The hits are ranked (lower first) by their key alone; only the
# page's rows are read whole, for their kind, ref, marked title and snippet. {p} is where the query's parameter
# goes; PostgreSQL's snippets use the page's query, `q`.
_SQLITE = {
    "hits": f"SELECT rowid AS id, bm25({TABLE}, 0.0, 0.0, 5.0, 1.0) AS rank FROM {TABLE} WHERE {TABLE} MATCH {{p}}",
    "key": "id",
    "join": f"CROSS JOIN {TABLE} AS s ON s.rowid = page.id AND {TABLE} MATCH {{p}}",
    "title": f"highlight({TABLE}, 2, '{START}', '{END}')",
    "snippet": f"snippet({TABLE}, 3, '{START}', '{END}', '…', {SNIPPET_WORDS})",
}
_HEADLINE = f"StartSel={START}, StopSel={END}"
_POSTGRESQL = {
    "hits": (
        f"SELECT kind, ref, -ts_rank(document, q) AS rank FROM {TABLE}, plainto_tsquery('english', {{p}}) AS q "
        "WHERE document @@ q"
    ),
    "key": "kind, ref",
    "join": (
        f"JOIN {TABLE} AS s ON s.kind = page.kind AND s.ref = page.ref "
        "CROSS JOIN plainto_tsquery('english', {p}) AS q"
    ),
    "title": f"ts_headline('english', s.title, q, 'HighlightAll=true, {_HEADLINE}')",
    "snippet": (
        "ts_headline('english', s.body, q, "
        f'\'MaxWords={SNIPPET_WORDS}, MinWords={SNIPPET_WORDS // 2}, MaxFragments=2, FragmentDelimiter=" … ", '
        f"{_HEADLINE}')"
    ),
}


def _statement(sqlite, readable_sql):
    """The page's statement, whose parameters are: the query, the readable rows' parameters, LIMIT and OFFSET,
    and the query again for the snippets."""
    parts = _SQLITE if sqlite else _POSTGRESQL
    p, key = database.param, parts["key"]
    hits = f"{parts['hits'].format(p=p)} AND {readable_sql}"
    page = (
        f"SELECT {key}, rank, COUNT(*) OVER () AS total FROM ({hits}) AS hit ORDER BY rank, {key} LIMIT {p} OFFSET {p}"
    )
    ordered = ", ".join(f"page.{column.strip()}" for column in key.split(","))
    return (
        f"SELECT s.kind, s.ref, {parts['title']}, {parts['snippet']}, page.total, pip.status, service.name "
        f"FROM ({page}) AS page {parts['join'].format(p=p)} "
        f"LEFT JOIN pip ON s.kind = '{Kind.PLAN.value}' AND pip.id = s.ref "
        f"LEFT JOIN indicator ON s.kind = '{Kind.INDICATOR.value}' AND indicator.id = s.ref "
        "LEFT JOIN service ON service.id = COALESCE(pip.service_id, indicator.service_id) "
        f"ORDER BY page.rank, {ordered}"
    )


def _count_statement(sqlite, readable_sql):
    parts = _SQLITE if sqlite else _POSTGRESQL
    return f"SELECT COUNT(*) FROM ({parts['hits'].format(p=database.param)} AND {readable_sql}) AS hit"


def search(words, condition, number=1, per_page=PER_PAGE):
    """The `number`th page of what matches every one of `words` (domain/search.py `terms`), among the plans
    `condition` lets the person read and every PI and meeting. A page past the end shows the last one."""
    if not words:
        return Page([], 1, 1, 0, 1)
    sqlite = is_sqlite(database)
    query = fts5_query(words) if sqlite else plain_query(words)
    readable_sql, readable_params = _readable(sqlite, condition)
    number = max(1, number or 1)
    sql = _statement(sqlite, readable_sql)
    rows = _page(sql, query, readable_params, (number - 1) * per_page, per_page)
    if rows:
        total = rows[0][4]
    else:
        (total,) = database.execute_sql(_count_statement(sqlite, readable_sql), [query, *readable_params]).fetchone()
        if not total or number == 1:
            return Page([], 1, 1, 0, 1)
        number = -(-total // per_page)  # past the end: the last page
        rows = _page(sql, query, readable_params, (number - 1) * per_page, per_page)
    pages = -(-total // per_page)
    return Page([_result(row) for row in rows], number, pages, total, (number - 1) * per_page + 1)


def _page(sql, query, readable_params, offset, limit):
    return database.execute_sql(sql, [query, *readable_params, limit, offset, query]).fetchall()


def _result(row):
    kind, ref, title, snippet, _, status, service = row
    context = segments(snippet)
    return Result(
        Kind(kind),
        int(ref),
        segments(title),
        context if has_match(context) else [],
        PipStatus(status) if status else None,
        service,
    )
