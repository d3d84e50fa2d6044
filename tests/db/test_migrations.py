"""Schema versions: a council's existing database upgrades in place (webapp/core/migrations.py)."""

from datetime import date
from decimal import Decimal

import peewee
import pytest
from playhouse.db_url import connect
from playhouse.migrate import SchemaMigrator, migrate

from webapp.core.db import open_database
from webapp.core.migrations import EXACT_COLUMNS, STEPS, current_version, init_db, latest_version
from webapp.domain.bodies import BodyKind
from webapp.domain.roles import Role
from webapp.models import (
    ALL_MODELS,
    AgendaItem,
    AgendaPip,
    Body,
    CommitteeSeat,
    Directorate,
    Factor,
    Indicator,
    Meeting,
    PapersVersion,
    Pip,
    PipChange,
    PresentedPlan,
    ProgressUpdate,
    PublishedPdf,
    ReferralDecision,
    RiskRow,
    SchemaVersion,
    Score,
    Service,
    SignInSession,
    Target,
    User,
    UserRole,
    database,
)
from webapp.models.base import ExactNumberField
from webapp.pips.raising import raise_plan

NEXT = latest_version() + 1


def add_phone_column(migrator, db):
    migrate(migrator.add_column("directorate", "phone", peewee.CharField(max_length=20, default="")))


def broken_step(migrator, db):
    migrate(migrator.add_column("directorate", "fax", peewee.CharField(max_length=20, default="")))
    raise RuntimeError("step failed half way")


def columns(db, table):
    return {column.name for column in db.get_columns(table)}


def test_a_new_database_is_created_at_the_latest_version(db):
    assert current_version(db) == latest_version()
    assert init_db(db) == []  # running again changes nothing


def test_an_existing_database_runs_each_later_step_once_and_keeps_its_data(db):
    Directorate.create(name="Place")
    steps = STEPS + [(NEXT, "Directorates have a phone number", add_phone_column)]
    assert init_db(db, steps) == [NEXT]
    assert current_version(db) == NEXT
    assert "phone" in columns(db, "directorate")
    assert [d.name for d in Directorate.select()] == ["Place"]
    assert init_db(db, steps) == []


def test_a_failing_step_leaves_the_database_as_it_was(db):
    steps = STEPS + [(NEXT, "Directorates have a phone number", add_phone_column), (NEXT + 1, "broken", broken_step)]
    with pytest.raises(RuntimeError):
        init_db(db, steps)
    assert current_version(db) == NEXT
    assert "fax" not in columns(db, "directorate")


def test_tables_without_a_schema_version_are_not_touched(db):
    db.drop_tables([SchemaVersion])
    with pytest.raises(RuntimeError, match="no schema version"):
        init_db(db)


def test_a_version_1_database_gains_the_agenda_tables(db):
    """Version 2 added A&P agenda items: a database made before it is upgraded in place. The tables later
    steps add beside them (risk rows, 8; the papers' versions, 9) go too: a version 1 database had none."""
    db.drop_tables([PublishedPdf, PresentedPlan, PapersVersion, RiskRow, ReferralDecision, AgendaPip, AgendaItem])
    SchemaVersion.update(version=1).execute()
    Directorate.create(name="Place")
    assert 2 in init_db(db)
    assert all(db.table_exists(table) for table in ("agenda_item", "agenda_pip", "referral_decision"))
    assert current_version(db) == latest_version()
    assert [d.name for d in Directorate.select()] == ["Place"]


def test_a_version_12_database_gains_each_sign_ins_browser_and_address_and_keeps_its_sign_ins(db):
    """Version 13 records where each sign-in was made; the sign-ins open before it stay open, with neither."""
    user = User.create(email="jo@council.example", name="Jo", password_hash="x")
    SignInSession.create(token_hash="a" * 64, user=user)
    migrate(*[SchemaMigrator.from_database(db).drop_column("sign_in_session", name) for name in ("browser", "address")])
    SchemaVersion.update(version=12).execute()
    assert "browser" not in columns(db, "sign_in_session")

    assert init_db(db) == list(range(13, NEXT))  # step 13, and those after it
    assert [(s.token_hash, s.browser, s.address) for s in SignInSession.select()] == [("a" * 64, "", "")]
    assert init_db(db) == []


def test_a_version_13_database_seats_every_member_on_every_committee_so_no_one_loses_a_plan(db):
    """Version 14 seats Members on committees (docs/users-and-permissions.md#members-and-their-committees).
    Before it every Member read every presented plan: each is seated on every committee there is, not on CMT."""
    committees = [
        Body.create(name="Audit and Performance Committee", kind=BodyKind.AUDIT_AND_PERFORMANCE),
        Body.create(name="Development Committee", kind=BodyKind.POLICY_COMMITTEE),
    ]
    Body.create(name="CMT", kind=BodyKind.CMT)
    members = [User.create(email=f"cllr{n}@council.example", name=f"Cllr {n}", password_hash="x") for n in (1, 2)]
    head = User.create(email="head@council.example", name="Head", password_hash="x")
    UserRole.insert_many(
        [{"user": m.id, "role": Role.MEMBER} for m in members] + [{"user": head.id, "role": Role.HEAD_OF_SERVICE}]
    ).execute()
    db.drop_tables([CommitteeSeat])
    SchemaVersion.update(version=13).execute()

    assert init_db(db) == list(range(14, NEXT))
    seats = sorted((seat.user_id, seat.body_id) for seat in CommitteeSeat.select())
    assert seats == sorted((m.id, c.id) for m in members for c in committees)
    assert init_db(db) == []


def test_a_version_16_database_keeps_its_history_and_holds_each_form_token_once(db, make_indicator, make_user):
    """Version 17 keeps an addition's form token on its history line, once (docs/concurrency.md)."""
    pip = raise_plan(make_indicator(), make_user("performance"), date(2026, 8, 1))
    lines = PipChange.select().where(PipChange.pip == pip.id).count()
    migrator = SchemaMigrator.from_database(db)
    migrate(
        migrator.drop_index("pip_change", "pip_change_form_token"), migrator.drop_column("pip_change", "form_token")
    )
    SchemaVersion.update(version=16).execute()
    assert "form_token" not in columns(db, "pip_change")

    assert init_db(db) == list(range(17, NEXT))
    assert PipChange.select().where(PipChange.pip == pip.id).count() == lines
    PipChange.create(pip=pip, version=9, subject="factors", what="Added", form_token="a" * 22)
    with pytest.raises(peewee.IntegrityError), db.atomic():
        PipChange.create(pip=pip, version=10, subject="factors", what="Added", form_token="a" * 22)


def test_a_version_14_database_gains_a_place_for_published_papers_pdfs(db):
    """Version 15 keeps each published version's PDF (docs/meetings-and-papers.md#pdf)."""
    db.drop_tables([PublishedPdf])
    SchemaVersion.update(version=14).execute()
    assert init_db(db) == list(range(15, NEXT))
    version = PapersVersion.create(
        item=AgendaItem.create(
            meeting=Meeting.create(
                body=Body.create(name="A&P", kind=BodyKind.AUDIT_AND_PERFORMANCE), date=date(2026, 12, 10)
            )
        ),
        number=1,
    )
    PublishedPdf.create(version=version, content=b"%PDF-1.7 kept")
    assert bytes(PublishedPdf.get().content) == b"%PDF-1.7 kept"


# ---------------------------------------------------------------------------------------------
# Version 4: exact numbers (README, "Exact numbers")


def test_the_step_names_every_exact_number_column_there_is():
    in_models = {
        (model._meta.table_name, field.column_name)
        for model in ALL_MODELS
        for field in model._meta.sorted_fields
        if isinstance(field, ExactNumberField)
    }
    assert in_models == {(table, column) for table, columns in EXACT_COLUMNS.items() for column in columns}


def _open_as_version_3(url):
    """The database as version 3 made it: every exact number column REAL, as FloatField made them."""
    options = {"pragmas": {"foreign_keys": 1}} if url.startswith("sqlite") else {}
    return connect(url, field_types={"EXACT": "REAL"}, **options)


@pytest.fixture
def version_3(database_url):
    """A version-3 database, empty, bound to the models; the upgrade then opens it as the app does."""
    old = _open_as_version_3(database_url)
    database.initialize(old)
    with old.connection_context():
        old.drop_tables(ALL_MODELS)
        old.create_tables(ALL_MODELS)
        SchemaVersion.create(version=3)
    old.close()
    yield database_url
    if not database.is_closed():
        database.close()


def _fill(url, values):
    """One of every row that has an exact number, each number from `values` in turn, written as
    version 3 wrote them (floats into REAL columns); returns the rows' ids."""
    numbers = iter(values)
    old = _open_as_version_3(url)
    database.initialize(old)
    with old.connection_context():
        directorate = Directorate.create(name="Place")
        service = Service.create(name="Waste and Recycling", directorate=directorate)
        user = User.create(email="perf@example.org", name="Perf", password_hash="x")
        body = Body.create(name="Development Committee", kind="policy_committee")
        meeting = Meeting.create(body=body, date=date(2026, 11, 2))
        waste = Indicator.create(
            code="WR01",
            name="Waste",
            service=service,
            polarity="higher_is_better",
            unit="number",
            frequency="monthly",
            tolerance=next(numbers),
            benchmark_value=next(numbers),
            benchmark_label="England average",
        )
        target = Target.create(
            indicator=waste, financial_year=2026, value=next(numbers), stretch_value=next(numbers), set_by=user
        )
        scores = [
            Score.create(indicator=waste, period_end=date(2026, month, 28), value=next(numbers)) for month in (4, 5, 6)
        ]
        pip = Pip.create(
            indicator=waste,
            service=service,
            author="Jane Smith",
            raised_on=date(2026, 10, 3),
            created_by=user,
            target_value=next(numbers),
            score_value=next(numbers),
            last_year_end_value=next(numbers),
            score_12_months_ago_value=next(numbers),
        )
        factor = Factor.create(pip=pip, ref="E1", kind="external", duration="temporary", description="Snow")
        update = ProgressUpdate.create(
            pip=pip, made_on=date(2026, 10, 31), comment="Better", score=next(numbers), recorded_by=user
        )
        item = AgendaItem.create(meeting=meeting)
        entry = AgendaPip.create(item=item, pip=pip, position=1, as_presented="{}")
        decision = ReferralDecision.create(
            entry=entry,
            meeting=meeting,
            minute_reference="DEV/2026/1",
            kind="amend_target",
            target_value=next(numbers),
            target=target,
        )
    old.close()
    return {
        "indicator": waste.id,
        "target": target.id,
        "scores": [s.id for s in scores],
        "pip": pip.id,
        "factor": factor.id,
        "progress_update": update.id,
        "referral_decision": decision.id,
    }


def _upgrade(url):
    new = open_database(url, ".")
    database.initialize(new)
    with new.connection_context():
        done = init_db(new, [step for step in STEPS if step[0] <= 4])
    return new, done


def _exact_values(ids):
    """Every exact number of the rows `_fill` made, in the order it wrote them."""
    waste, target, pip = Indicator[ids["indicator"]], Target[ids["target"]], Pip[ids["pip"]]
    return [
        waste.tolerance,
        waste.benchmark_value,
        target.value,
        target.stretch_value,
        *[Score[i].value for i in ids["scores"]],
        pip.target_value,
        pip.score_value,
        pip.last_year_end_value,
        pip.score_12_months_ago_value,
        ProgressUpdate[ids["progress_update"]].score,
        ReferralDecision[ids["referral_decision"]].target_value,
    ]


def _schema(db):
    """Each table's foreign keys and indexes, as the upgrade must keep them."""
    return {
        table: (
            sorted((fk.column, fk.dest_table, fk.dest_column) for fk in db.get_foreign_keys(table)),
            sorted((index.name, tuple(index.columns), index.unique) for index in db.get_indexes(table)),
        )
        for table in db.get_tables()
    }


# Typed in version 3 as floats; and what each must read back as. On PostgreSQL a `real` kept only
# about 7 significant digits, so 1234567.89 was already 1234567.9 and 16777217 was 16777216: the
# upgrade keeps what the column held, in its shortest exact form, never a float's noise (91.1999998).
TYPED = [10.0, 91.2, 98.0, 99.5, 91.2, 1234567.89, 16777217.0, 0.1, 97.5, 96.1, 93.4, 2.5, 95.25]
ON_SQLITE = [
    "10",
    "91.2",
    "98",
    "99.5",
    "91.2",
    "1234567.89",
    "16777217",
    "0.1",
    "97.5",
    "96.1",
    "93.4",
    "2.5",
    "95.25",
]
ON_POSTGRESQL = ON_SQLITE[:5] + ["1234567.9", "16777216"] + ON_SQLITE[7:]


def test_a_version_3_database_keeps_every_value_exact_every_row_and_every_foreign_key(version_3):
    ids = _fill(version_3, TYPED)
    old = _open_as_version_3(version_3)
    with old.connection_context():
        schema_before = _schema(old)
        counts_before = {
            table: old.execute_sql(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in old.get_tables()
        }
    old.close()

    new, done = _upgrade(version_3)
    assert done == [4]
    with new.connection_context():
        assert current_version(new) == 4
        values = _exact_values(ids)
        assert all(isinstance(value, Decimal) for value in values)
        sqlite = isinstance(new, peewee.SqliteDatabase)
        assert [str(value) for value in values] == (ON_SQLITE if sqlite else ON_POSTGRESQL)
        assert _schema(new) == schema_before
        assert {
            table: new.execute_sql(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in new.get_tables()
        } == counts_before
        types = {
            (table, column.name): column.data_type.lower()
            for table in EXACT_COLUMNS
            for column in new.get_columns(table)
            if column.name in EXACT_COLUMNS[table]
        }
        assert set(types.values()) == ({"text"} if sqlite else {"numeric"})
        if sqlite:
            assert new.execute_sql("PRAGMA foreign_key_check").fetchall() == []
            assert new.pragma("foreign_keys") == 1  # enforced again once the step is done
            assert new.execute_sql(
                "SELECT DISTINCT typeof(value), value FROM score WHERE id = ?", (ids["scores"][1],)
            ).fetchall() == [("text", "1234567.89")]
        else:
            assert new.execute_sql(
                "SELECT numeric_precision, numeric_scale FROM information_schema.columns "
                "WHERE table_name = 'score' AND column_name = 'value'"
            ).fetchone() == (19, 6)
        # The foreign keys still act: a PI's scores go with it, and a PI with a plan cannot be deleted.
        with pytest.raises(peewee.IntegrityError), new.atomic():
            Indicator.delete().where(Indicator.id == ids["indicator"]).execute()
        Factor.delete().where(Factor.id == ids["factor"]).execute()
        assert Score.select().count() == 3


def test_the_largest_values_with_the_most_places_read_back_unchanged_after_the_upgrade(version_3):
    _upgrade(version_3)
    with database.connection_context():
        waste = Indicator.create(
            code="WR02",
            name="Tonnes",
            service=Service.create(name="Waste", directorate=Directorate.create(name="Place")),
            polarity="lower_is_better",
            unit="number",
            frequency="annual",
            tolerance=Decimal("999999999999.999999"),
        )
        for value in ("999999999999.999999", "-1000000000000", "1234567.89", "16777217", "0.000001"):
            Score.delete().execute()
            Score.create(indicator=waste, period_end=date(2027, 3, 31), value=Decimal(value))
            assert str(Score.get().value) == value
        assert str(Indicator[waste.id].tolerance) == "999999999999.999999"


def test_a_value_no_exact_column_can_hold_stops_the_upgrade_and_is_named(version_3):
    ids = _fill(version_3, TYPED)
    old = _open_as_version_3(version_3)
    with old.connection_context():  # as a score of 1e28 was typed before the unit ranges (issue 8)
        old.execute_sql("UPDATE indicator SET tolerance = 1e28")
    old.close()
    with pytest.raises(RuntimeError, match=r"indicator \d+ tolerance = 1e\+?28"):
        _upgrade(version_3)
    old = _open_as_version_3(version_3)
    with old.connection_context():
        assert current_version(old) == 3
        assert Indicator[ids["indicator"]].tolerance == Decimal("1E+28")  # kept as it was, for the council to correct
