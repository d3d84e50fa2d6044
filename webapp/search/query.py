"""Finding PIs, plans and meetings by their words (docs/search.md): the read model of the search page.

One statement answers a page of results, whatever the number of plans. Ranking reads each match's words (bm25,
ts_rank), so a word in every plan would rank every plan: the candidates ranked are, for each kind, the newest
CANDIDATES matches the person may read, found in the index's own order without ranking any (SQLite's row ids
descending, PostgreSQL's primary key backwards), so the walk stops after a few hundred rows however many match.
They are ranked and counted together, the page's rows kept, and only those given their marked title and snippet,
which cost the most to make. When more matched, the page says that it shows the best of the newest
(`Results.capped`). A page past the last one costs a count and one more page: three statements at most, after,
on PostgreSQL, the one that indexes the plans changed since the last search (index.py `index_changed_plans`).

Plans are filtered by the one read rule as a query condition (webapp/pips/access.py `readable_condition`,
docs/users-and-permissions.md), the plan list's own, asked of each row the walk meets: a result is never a plan
its reader could not open. PIs and meetings are read by everyone signed in.

Ranking: SQLite's bm25, PostgreSQL's ts_rank, a word in the title (a PI's or plan's code and name, a meeting's
body and day) counting five times one in the rest; ties by kind and id, so a page's order is stable.
"""

from dataclasses import dataclass

from peewee import SQL

from webapp.core.db import is_sqlite
from webapp.core.pagination import Page
from webapp.domain.pips import PipStatus
from webapp.domain.search import END, START, Kind, Segment, fts5_query, has_match, plain_query, segments
from webapp.models import Pip, database

from .index import CONFIG, TABLE, index_changed_plans

PER_PAGE = 20
# The matches of each kind ranked at most: the newest, as the index orders them (docs/search.md#cost). Ranking reads
# each match's words (bm25, ts_rank): a word in every plan would otherwise rank them all.
CANDIDATES = 200
# Where a statement's parameters take the search's words, the page's size and its offset.
QUERY, LIMIT, OFFSET = object(), object(), object()
SNIPPET_WORDS = 24  # about a line and a half of the page


@dataclass
class Result:
    kind: Kind
    ref: int
    title: list[Segment]
    snippet: list[Segment]  # the words around the match, marked; empty when only the title matched
    status: PipStatus | None  # a plan's
    service: str | None  # a plan's or PI's


def _readable_plan(sqlite, condition):
    """SQL and its parameters saying the index row at hand is a plan that `condition` lets the person read: asked of
    each row the walk meets (a lookup by the plan's id), so a search for a rare word never lists every plan the
    person may read. SQLite's rows are asked by their id alone (domain `row_key`): reading an FTS5 row's other
    columns reads its whole text."""
    if condition is True:
        return "1 = 1", []
    if condition is False:
        return "1 = 0", []
    row_id = f"{TABLE}.rowid / 4" if sqlite else f"{TABLE}.ref"
    sql, params = Pip.select(SQL("1")).where((Pip.id == SQL(row_id)) & condition).sql()
    return f"EXISTS ({sql})", list(params)


# The candidates of one kind: its newest CANDIDATES + 1 matches the person may read, each numbered within its kind
# (n) once they are put together. The first CANDIDATES of each kind are ranked; one more says there were more.
# {p} is where the query's parameter goes.
_SQLITE_KIND = (
    f"SELECT * FROM (SELECT rowid AS id FROM {TABLE} WHERE {TABLE} MATCH {{p}} AND rowid % 4 = {{code}} "
    "AND {readable} ORDER BY rowid DESC LIMIT {limit})"
)
# PostgreSQL's carry their `tsvector` (as stored, unread) to be ranked once kept: ranked in the walk, a plan that
# sorts its matches would rank every one before keeping a few.
_POSTGRESQL_KIND = (
    f"(SELECT kind, ref, document FROM {TABLE} WHERE kind = '{{kind}}' "
    f"AND document @@ plainto_tsquery('{CONFIG}', {{p}}) AND {{readable}} ORDER BY ref DESC LIMIT {{limit}})"
)


def _candidates(sqlite, readable_sql, readable_params):
    """The WITH clause of the candidates, and its parameters."""
    p, limit = database.param, CANDIDATES + 1
    branches, params = [], []
    for kind in Kind:
        readable, kind_params = (readable_sql, readable_params) if kind is Kind.PLAN else ("1 = 1", [])
        if sqlite:
            branches.append(_SQLITE_KIND.format(p=p, code=kind.code, readable=readable, limit=limit))
            params += [QUERY, *kind_params]
        else:
            branches.append(_POSTGRESQL_KIND.format(p=p, kind=kind.value, readable=readable, limit=limit))
            params += [QUERY, *kind_params]
    if sqlite:
        numbered = "SELECT id, row_number() OVER (PARTITION BY id % 4 ORDER BY id DESC) AS n"
    else:
        numbered = "SELECT kind, ref, document, row_number() OVER (PARTITION BY kind ORDER BY ref DESC) AS n"
    union = " UNION ALL ".join(branches)
    return f"WITH candidate AS MATERIALIZED ({numbered} FROM ({union}) AS walked)", params


# What each engine says for the parts that differ. The candidates are ranked (lower first) by their key alone; only
# the page's rows are read whole, for their kind, ref, marked title and snippet. PostgreSQL's snippets use the
# page's query, `q`.
_SQLITE = {
    # bm25 must be asked in a MATCH on the table: the walk from the lowest candidate skips every row that is not
    # one, so only candidates are ranked.
    "hits": (
        f"SELECT rowid AS id, bm25({TABLE}, 0.0, 0.0, 5.0, 1.0) AS rank FROM {TABLE} WHERE {TABLE} MATCH {{p}} "
        "AND rowid >= (SELECT MIN(id) FROM candidate WHERE n <= {cap}) "
        "AND (+rowid) IN (SELECT id FROM candidate WHERE n <= {cap})"
    ),
    "hits_params": [QUERY],
    "key": "id",
    "join": f"CROSS JOIN {TABLE} AS s ON s.rowid = page.id AND {TABLE} MATCH {{p}}",
    "title": f"highlight({TABLE}, 2, '{START}', '{END}')",
    "snippet": f"snippet({TABLE}, 3, '{START}', '{END}', '…', {SNIPPET_WORDS})",
    "join_params": [QUERY],
}
_HEADLINE = f"StartSel={START}, StopSel={END}"
# PostgreSQL's ts_headline parses all the text it is given, and parsing a plan's whole text for each of a page's
# rows cost more than the search: it is given the part of the text from a little before the first place where one
# of the query's stems is found (strpos: the stem of "recruiting" is "recruit"; as it stands, else in lower case,
# which costs more) to a little after the first place where the last of them is, so that the part holds every word
# searched for; its cut words dropped. The whole text when a stem is not found as it stands (one that is not the
# start of its word, "happi"), or is short anyway.
_AROUND = 240
_SNIPPET_TEXT = (
    f"CASE WHEN found.first = 0 OR length(s.body) <= {2 * _AROUND} THEN s.body ELSE regexp_replace(regexp_replace("
    "substring(s.body FROM found.start FOR found.size), CASE WHEN found.start > 1 THEN '^\\S*\\s' ELSE '^' END, ''), "
    "CASE WHEN found.start + found.size <= length(s.body) THEN '\\s\\S*$' ELSE '$' END, '') END"
)
_FOUND = (
    f"CROSS JOIN LATERAL (SELECT first, greatest(1, first - {_AROUND}) AS start, last - first + {2 * _AROUND} AS size "
    "FROM (SELECT COALESCE(MIN(at), 0) AS first, MAX(at) AS last FROM (SELECT "
    "COALESCE(NULLIF(strpos(s.body, stem), 0), strpos(lower(s.body), stem)) AS at "
    "FROM unnest(query_stems.stems) AS stem) AS each_stem) AS first_places) AS found"
)
_POSTGRESQL = {
    "hits": (
        f"SELECT kind, ref, -ts_rank(document, plainto_tsquery('{CONFIG}', {{p}})) AS rank FROM candidate "
        "WHERE n <= {cap}"
    ),
    "hits_params": [QUERY],
    "key": "kind, ref",
    "join": (
        f"JOIN {TABLE} AS s ON s.kind = page.kind AND s.ref = page.ref "
        f"CROSS JOIN plainto_tsquery('{CONFIG}', {{p}}) AS q "
        f"CROSS JOIN (SELECT tsvector_to_array(to_tsvector('{CONFIG}', {{p}})) AS stems) AS query_stems "
        f"{_FOUND}"
    ),
    "join_params": [QUERY, QUERY],
    "title": f"ts_headline('{CONFIG}', s.title, q, 'HighlightAll=true, {_HEADLINE}')",
    "snippet": (
        f"ts_headline('{CONFIG}', {_SNIPPET_TEXT}, q, "
        f'\'MaxWords={SNIPPET_WORDS}, MinWords={SNIPPET_WORDS // 2}, MaxFragments=2, FragmentDelimiter=" … ", '
        f"{_HEADLINE}')"
    ),
}
_CAPPED = "(SELECT MAX(n) FROM candidate) > {cap}"


def _statement(sqlite, readable_sql, readable_params):
    """The page's statement, and its parameters: the readable rows' own, and QUERY, LIMIT and OFFSET where the
    search's go."""
    parts = _SQLITE if sqlite else _POSTGRESQL
    p, key = database.param, parts["key"]
    with_candidates, params = _candidates(sqlite, readable_sql, readable_params)
    page = (
        f"SELECT {key}, rank, COUNT(*) OVER () AS total, {_CAPPED.format(cap=CANDIDATES)} AS capped "
        f"FROM ({parts['hits'].format(p=p, cap=CANDIDATES)}) AS hit ORDER BY rank, {key} LIMIT {p} OFFSET {p}"
    )
    ordered = ", ".join(f"page.{column.strip()}" for column in key.split(","))
    sql = (
        f"{with_candidates} "
        f"SELECT s.kind, s.ref, {parts['title']}, {parts['snippet']}, page.total, page.capped, pip.status, "
        f"service.name FROM ({page}) AS page {parts['join'].format(p=p)} "
        f"LEFT JOIN pip ON s.kind = '{Kind.PLAN.value}' AND pip.id = s.ref "
        f"LEFT JOIN indicator ON s.kind = '{Kind.INDICATOR.value}' AND indicator.id = s.ref "
        "LEFT JOIN service ON service.id = COALESCE(pip.service_id, indicator.service_id) "
        f"ORDER BY page.rank, {ordered}"
    )
    return sql, [*params, *parts["hits_params"], LIMIT, OFFSET, *parts["join_params"]]


def _count_statement(sqlite, readable_sql, readable_params):
    """How many candidates are ranked, and whether there were more: for a page past the last one."""
    with_candidates, params = _candidates(sqlite, readable_sql, readable_params)
    capped = _CAPPED.format(cap=CANDIDATES)
    sql = f"{with_candidates} SELECT COUNT(*), {capped} FROM candidate WHERE n <= {CANDIDATES}"
    return sql, params


@dataclass
class Results(Page):
    capped: bool = False  # more matched than were ranked: the best of the newest CANDIDATES of each kind are shown
    candidates: int = CANDIDATES


def _bound(params, query, limit=None, offset=None):
    """A statement's parameters with the search's own put in place of QUERY, LIMIT and OFFSET."""
    values = {id(QUERY): query, id(LIMIT): limit, id(OFFSET): offset}
    return [values.get(id(value), value) for value in params]


def search(words, condition, number=1, per_page=PER_PAGE):
    """The `number`th page of what matches every one of `words` (domain/search.py `terms`), among the plans
    `condition` lets the person read and every PI and meeting. A page past the end shows the last one. Only the
    newest CANDIDATES matches of each kind are ranked (docs/search.md#cost): `capped` says when there were more."""
    if not words:
        return Results([], 1, 1, 0, 1)
    index_changed_plans()
    sqlite = is_sqlite(database)
    query = fts5_query(words) if sqlite else plain_query(words)
    readable_sql, readable_params = _readable_plan(sqlite, condition)
    number = max(1, number or 1)
    sql, params = _statement(sqlite, readable_sql, readable_params)
    rows = _page(sql, _bound(params, query, per_page, (number - 1) * per_page))
    if rows:
        total, capped = rows[0][4], bool(rows[0][5])
    else:
        count_sql, count_params = _count_statement(sqlite, readable_sql, readable_params)
        total, capped = database.execute_sql(count_sql, _bound(count_params, query)).fetchone()
        if not total or number == 1:
            return Results([], 1, 1, 0, 1)
        number = -(-total // per_page)  # past the end: the last page
        rows = _page(sql, _bound(params, query, per_page, (number - 1) * per_page))
    pages = -(-total // per_page)
    first = (number - 1) * per_page + 1
    return Results([_result(row) for row in rows], number, pages, total, first, bool(capped), CANDIDATES)


def _page(sql, params):
    return database.execute_sql(sql, params).fetchall()


def _result(row):
    kind, ref, title, snippet, _, _, status, service = row
    context = segments(snippet)
    return Result(
        Kind(kind),
        int(ref),
        segments(title),
        context if has_match(context) else [],
        PipStatus(status) if status else None,
        service,
    )
