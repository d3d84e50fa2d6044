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


def _readable(condition):
    """SQL and its parameters saying a row is a PI, a meeting, or a plan that `condition` lets the person read."""
    if condition is True:
        return "1 = 1", []
    if condition is False:
        return f"kind <> '{Kind.PLAN.value}'", []
    sql, params = Pip.select(Pip.id).where(condition).sql()
    return f"(kind <> '{Kind.PLAN.value}' OR ref IN ({sql}))", list(params)


# What each engine says for the parts that differ: the match, the rank (lower first), the marked title and
# snippet. {p} is where the query's parameter goes; PostgreSQL's snippets use the page's query, `q`.
_SQLITE = {
    "from": TABLE,
    "match": f"{TABLE} MATCH {{p}}",
    "rank": f"bm25({TABLE}, 0.0, 0.0, 5.0, 1.0)",
    "id": "rowid",
    "join": f"CROSS JOIN {TABLE} AS s ON s.rowid = page.id AND {TABLE} MATCH {{p}}",
    "title": f"highlight({TABLE}, 2, '{START}', '{END}')",
    "snippet": f"snippet({TABLE}, 3, '{START}', '{END}', '…', {SNIPPET_WORDS})",
}
_HEADLINE = f"StartSel={START}, StopSel={END}"
_POSTGRESQL = {
    "from": f"{TABLE}, plainto_tsquery('english', {{p}}) AS q",
    "match": "document @@ q",
    "rank": "-ts_rank(document, q)",
    "id": "ref",  # the page's rows are found again by their kind and ref
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
    """The page's statement: (1) the query, (2) the readable rows' parameters, (3) LIMIT and OFFSET, (4) the
    query again for the snippets."""
    parts = _SQLITE if sqlite else _POSTGRESQL
    p = database.param
    hits = (
        f"SELECT {parts['id']} AS id, kind, ref, {parts['rank']} AS rank "
        f"FROM {parts['from'].format(p=p)} WHERE {parts['match'].format(p=p)} AND {readable_sql}"
    )
    page = (
        f"SELECT id, kind, ref, rank, COUNT(*) OVER () AS total FROM ({hits}) AS hit "
        f"ORDER BY rank, kind, ref LIMIT {p} OFFSET {p}"
    )
    return (
        f"SELECT page.kind, page.ref, {parts['title']}, {parts['snippet']}, page.total, pip.status, service.name "
        f"FROM ({page}) AS page {parts['join'].format(p=p)} "
        f"LEFT JOIN pip ON page.kind = '{Kind.PLAN.value}' AND pip.id = page.ref "
        f"LEFT JOIN indicator ON page.kind = '{Kind.INDICATOR.value}' AND indicator.id = page.ref "
        "LEFT JOIN service ON service.id = COALESCE(pip.service_id, indicator.service_id) "
        "ORDER BY page.rank, page.kind, page.ref"
    )


def _count_statement(sqlite, readable_sql):
    parts = _SQLITE if sqlite else _POSTGRESQL
    p = database.param
    return f"SELECT COUNT(*) FROM {parts['from'].format(p=p)} WHERE {parts['match'].format(p=p)} AND {readable_sql}"


def search(words, condition, number=1, per_page=PER_PAGE):
    """The `number`th page of what matches every one of `words` (domain/search.py `terms`), among the plans
    `condition` lets the person read and every PI and meeting. A page past the end shows the last one."""
    if not words:
        return Page([], 1, 1, 0, 1)
    sqlite = is_sqlite(database)
    query = fts5_query(words) if sqlite else plain_query(words)
    readable_sql, readable_params = _readable(condition)
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
