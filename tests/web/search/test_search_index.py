"""The search index on a new database and on one upgraded by schema steps 7, 11, 12 and 18 (webapp/core/migrations.py,
docs/search.md#the-index), on SQLite and PostgreSQL."""

from datetime import date

import pytest

from webapp.core.db import is_sqlite
from webapp.core.migrations import STEPS, current_version, init_db, latest_version
from webapp.domain.bodies import BodyKind
from webapp.domain.periods import Frequency
from webapp.domain.pips import Duration, FactorKind, PipStatus, Resourcing
from webapp.domain.rating import Polarity
from webapp.domain.units import Unit
from webapp.models import Body, Factor, Indicator, Meeting, Pip, PipChange, ProgressUpdate, SchemaVersion
from webapp.pips import edits
from webapp.search.index import CHANGED, CONFIG, TABLE, TRIGGER, drop_index, index_plan
from webapp.search.query import search

# The steps up to the search index's: a test stamps a database at version 6 and runs its step alone.
UP_TO_7 = [step for step in STEPS if step[0] <= 7]


def _council_as_version_6_left_it(make_service):
    """A PI, a plan with a factor and a progress entry, and a meeting, written straight to the tables as a
    version-6 database holds them: nothing indexed."""
    service = make_service("Highways")
    indicator = Indicator.create(
        code="HW01",
        name="Potholes repaired within 28 days",
        service=service,
        polarity=Polarity.HIGHER_IS_BETTER,
        unit=Unit.PERCENT,
        frequency=Frequency.MONTHLY,
    )
    pip = Pip.create(
        indicator=indicator,
        service=service,
        status=PipStatus.LIVE,
        author="Jane Smith",
        raised_on=date(2026, 1, 5),
        pi_code="HW01",
        pi_name="Potholes repaired within 28 days",
    )
    Factor.create(pip=pip, ref="E1", kind=FactorKind.EXTERNAL, duration=Duration.TEMPORARY, description="Hard frost")
    ProgressUpdate.create(pip=pip, made_on=date(2026, 2, 1), comment="Jetpatcher hired")
    body = Body.create(name="Cabinet", kind=BodyKind.POLICY_COMMITTEE)
    meeting = Meeting.create(body=body, date=date(2026, 3, 12), title="Highways budget")
    return indicator, pip, meeting


def _found(words):
    return [(result.kind.value, result.ref) for result in search(words, True).items]


def test_a_new_database_has_the_index_and_finds_what_is_written_through_the_app(db, make_pip):
    assert current_version(db) == latest_version()
    pip = make_pip()  # raised through raise_plan, which indexes it
    assert _found([pip.pi_code]) == [("plan", pip.id)]
    assert init_db(db) == []


def test_a_version_6_database_gains_the_index_with_every_pi_plan_and_meeting(db, make_service):
    drop_index(db)
    SchemaVersion.update(version=6).execute()
    indicator, pip, meeting = _council_as_version_6_left_it(make_service)

    assert init_db(db, UP_TO_7) == [7] and current_version(db) == 7
    assert _found(["frost"]) == [("plan", pip.id)]
    assert _found(["jetpatcher"]) == [("plan", pip.id)]
    assert sorted(_found(["potholes"])) == [("indicator", indicator.id), ("plan", pip.id)]
    assert _found(["cabinet", "12", "March"]) == [("meeting", meeting.id)]
    assert init_db(db, UP_TO_7) == []


def test_the_step_runs_again_on_a_database_that_already_has_an_index(db, make_service):
    """A database made at the latest version, then stamped older (as the schema tests do), upgrades too."""
    SchemaVersion.update(version=6).execute()
    _, pip, _ = _council_as_version_6_left_it(make_service)
    assert init_db(db, UP_TO_7) == [7]
    assert _found(["frost"]) == [("plan", pip.id)]


def test_a_version_10_database_indexes_a_changed_plan_at_the_next_search(db, make_pip, make_user):
    """Schema step 11: on PostgreSQL the trigger on a plan's history notes the plan for the next search to index,
    where version 10's worked out its words at each change; a SQLite database's index is as it was."""
    pip = make_pip()
    if not is_sqlite(db):  # version 10 had no notes, and a trigger that did not note (a stand-in the step replaces)
        db.execute_sql(f"DROP TABLE {CHANGED}")
        db.execute_sql(
            f"CREATE OR REPLACE FUNCTION {TRIGGER}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$"
        )
    SchemaVersion.update(version=10).execute()

    assert init_db(db, [step for step in STEPS if step[0] <= 11]) == [11]
    edits.add_factor(pip.id, make_user("performance"), "external", "temporary", "Ferry timetable cut")
    if not is_sqlite(db):
        assert db.execute_sql(f"SELECT pip_id FROM {CHANGED}").fetchall() == [(pip.id,)]
    assert _found(["ferry"]) == [("plan", pip.id)]


def test_a_version_11_database_finds_words_whatever_their_accents(db, live_plan_with):
    """Schema step 12: on PostgreSQL the index's words are worked out again with a configuration that takes accents
    off, where version 11's used 'english' as it is; SQLite's tokenizer always has."""
    pip = live_plan_with("Café closed for the refit")
    if not is_sqlite(db):  # version 11's words, with their accents
        db.execute_sql(f"ALTER TABLE {TABLE} DROP COLUMN document")
        db.execute_sql(
            f"ALTER TABLE {TABLE} ADD COLUMN document TSVECTOR GENERATED ALWAYS AS ("
            "setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', body), 'B')) STORED"
        )
        db.execute_sql(f"DROP TEXT SEARCH CONFIGURATION {CONFIG}")
        assert db.execute_sql(f"SELECT count(*) FROM {TABLE} WHERE document @@ 'cafe'::tsquery").fetchone() == (0,)
    SchemaVersion.update(version=11).execute()

    up_to_12 = [step for step in STEPS if step[0] <= 12]
    assert init_db(db, up_to_12) == [12]
    assert _found(["cafe"]) == _found(["café"]) == [("plan", pip.id)]
    assert init_db(db, up_to_12) == []


@pytest.fixture
def live_plan_with(make_pip, make_user):
    def make(factor):
        pip = make_pip()
        edits.add_factor(pip.id, make_user("performance"), "external", "temporary", factor)
        return pip

    return make


def _rows_written(db, change):
    """SQLite: the rows `change()` wrote, those its triggers wrote included."""
    before = db.connection().total_changes
    change()
    return db.connection().total_changes - before


def test_a_change_of_several_history_lines_writes_its_plans_words_once(db, make_pip, make_user):
    """A solution added writes a history line for each of its values; its plan's words are written once. SQLite
    counts the rows its trigger writes: fewer in all than writing the words once a line would take alone.
    PostgreSQL's trigger, once a statement, leaves one note for the next search."""
    pip, user = make_pip(), make_user("performance")
    values = {
        "description": "Night shifts at the depot",
        "target_date": date(2027, 3, 31),
        "resourcing": Resourcing.WITHIN_SERVICE,
        "time_lag": "Three months",
    }
    lines = PipChange.select().where(PipChange.pip == pip.id).count()
    if is_sqlite(db):
        words = _rows_written(db, lambda: index_plan(pip.id))  # the plan's words written once
        written = _rows_written(db, lambda: edits.add_solution(pip.id, user, values, []))
        lines = PipChange.select().where(PipChange.pip == pip.id).count() - lines
        assert lines >= 3 and words <= written < lines * words
    else:
        noted = f"SELECT count(*) FROM {CHANGED} WHERE pip_id = %s"
        before = db.execute_sql(noted, (pip.id,)).fetchone()[0]
        edits.add_solution(pip.id, user, values, [])
        assert db.execute_sql(noted, (pip.id,)).fetchone()[0] - before == 1
        assert PipChange.select().where(PipChange.pip == pip.id).count() - lines >= 3
    assert _found(["depot"]) == [("plan", pip.id)]


def test_a_version_17_database_writes_a_plans_words_once_a_change(db, make_pip, make_user):
    """Schema step 18: SQLite's trigger made again, to run at a change's first history line only."""
    pip = make_pip()
    if is_sqlite(db):  # version 17's trigger: at every line
        db.execute_sql(f"DROP TRIGGER {TRIGGER}")
        db.execute_sql(
            f"CREATE TRIGGER {TRIGGER} AFTER INSERT ON pip_change BEGIN "
            f"INSERT OR REPLACE INTO {TABLE} (rowid, kind, ref, title, body) SELECT 1, 'plan', 0, '', ''; END"
        )
    SchemaVersion.update(version=17).execute()

    assert init_db(db, [step for step in STEPS if step[0] <= 18]) == [18]
    if is_sqlite(db):
        (sql,) = db.execute_sql("SELECT sql FROM sqlite_master WHERE name = ?", (TRIGGER,)).fetchone()
        assert " WHEN NOT EXISTS " in sql
    edits.add_factor(pip.id, make_user("performance"), "external", "temporary", "Ferry timetable cut")
    assert _found(["ferry"]) == [("plan", pip.id)]
