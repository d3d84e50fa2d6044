"""Every .docx this app exports imports back to the same plan (docs/word-import.md#the-round-trip): each demo
plan, a plan with many of everything and one whose PI has no scores, exported as Word, imported into a freshly
initialised database (told to create the PI, the service and the meeting bodies) and compared with the original
field by field, apart from what Word cannot carry: the status (an imported plan is a Draft) and, for a PI the
import creates, its polarity and frequency (and a ratio's unit, which is written as a plain number). Imported
beside the original, the PI is the register's and only the status differs."""

import io
import json
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from webapp.demo import load_demo_data
from webapp.domain.bodies import BodyKind
from webapp.domain.pips import CommentRole, Duration, FactorKind, PipStatus, Resourcing, SolutionStatus
from webapp.exports.docx_blocks import Para, read_blocks
from webapp.exports.pip_docx import pip_document
from webapp.exports.pip_json import json_text, plan_to_json
from webapp.indicators import standings
from webapp.models import (
    ALL_MODELS,
    Body,
    Factor,
    ManagementComment,
    Meeting,
    Pip,
    PipChange,
    ProgressUpdate,
    SchemaVersion,
    Score,
    Solution,
    SolutionDecision,
    SolutionFactor,
    utcnow,
)
from webapp.pips.from_word import READ_FROM_WORD, Choices, import_word_plan
from webapp.pips.interchange import plain_plan
from webapp.pips.printed import load_printed_plan
from webapp.pips.store import load_plan

TODAY = date(2026, 11, 22)
MOMENT = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)


def exported(pip_id):
    """The plan as the app's Word download writes it."""
    buffer = io.BytesIO()
    pip_document(load_printed_plan(pip_id, utcnow())).save(buffer)
    return buffer.getvalue()


def plain(pip_id):
    """The plain plan (webapp/pips/interchange.plain_plan) as pip/v1 JSON values, numbers exact."""
    document = json.loads(json_text(plan_to_json(plain_plan(load_plan(pip_id)), MOMENT)), parse_float=Decimal)
    document.pop("exported_at")
    return document


def what_word_carries(document, new_pi):
    """The plan without what Word cannot carry: the status, and a new PI's polarity and frequency, and unit
    when it is a ratio (written as a plain number)."""
    document = json.loads(json.dumps(document, default=str))
    document.pop("status")
    if new_pi:
        document["indicator"].pop("polarity")
        document["indicator"].pop("frequency")
        if document["indicator"]["unit"] == "ratio":
            document["indicator"]["unit"] = "number"
    return document


def wipe():
    """A freshly initialised database: every row gone but the schema's version."""
    for model in reversed(ALL_MODELS):
        if model is not SchemaVersion:
            model.delete().execute()


def round_trip_into_a_fresh_database(pip_id):
    """(the original plan, the imported one) as plain plans, the import made into an emptied database: told to
    create what the register is missing, it creates the PI, the service and the meeting bodies."""
    word, before = exported(pip_id), plain(pip_id)
    wipe()
    pip, check = import_word_plan(word, Choices(create_indicators=True), filename="plan.docx")
    assert pip is not None, check.errors
    assert check.unread == [], check.unread
    return before, plain(pip.id), pip


@pytest.mark.parametrize("code", ["WR01", "HS02", "PL01", "RB01", "HS01", "WR03"])
def test_each_demo_plan_exported_as_word_imports_back_into_a_fresh_database(db, code):
    load_demo_data(today=TODAY)
    source = Pip.select().where(Pip.pi_code == code).get()
    before, after, pip = round_trip_into_a_fresh_database(source.id)
    assert after["status"] == "draft" and pip.status is PipStatus.DRAFT
    assert what_word_carries(after, new_pi=True) == what_word_carries(before, new_pi=True)
    assert after["indicator"]["unit"] == (
        before["indicator"]["unit"] if before["indicator"]["unit"] != "ratio" else "number"
    )


def test_each_demo_plan_imports_back_beside_its_original_with_the_registers_pi(db):
    """Into the same database, once the original is closed so that its PI may have another open plan: only
    the status differs, the PI's polarity, unit and frequency being the register's."""
    load_demo_data(today=TODAY)
    for source in list(Pip.select().order_by(Pip.id)):
        word, before = exported(source.id), plain(source.id)
        Pip.update(status=PipStatus.COMPLETED).where(Pip.id == source.id).execute()
        pip, check = import_word_plan(word, Choices(), filename="plan.docx")
        assert pip is not None, (source.pi_code, check.errors)
        after = plain(pip.id)
        assert after.pop("status") == "draft"
        before.pop("status")
        assert after == before, source.pi_code
        assert pip.indicator_id == source.indicator_id
        Pip.update(status=PipStatus.COMPLETED).where(Pip.id == pip.id).execute()


@pytest.fixture
def crowded_plan(make_pip, make_service, db):
    """A plan with many of everything: factors of both kinds and durations, solutions with every field,
    comments of every role with their meetings and decisions, progress with and without scores, and text
    that is hard to carry (line breaks, tabs, quotes, other scripts, dashes and colons where the export
    puts its own)."""
    pip = make_pip(service=make_service("Revenues and Benefits"), status=PipStatus.LIVE)
    factors = {}
    for number in range(1, 13):
        kind = FactorKind.EXTERNAL if number % 3 else FactorKind.INTERNAL
        duration = Duration.TEMPORARY if number % 2 else Duration.LONG_TERM
        count = sum(1 for f in factors.values() if f.kind is kind) + 1
        ref = f"{kind.prefix}{count}"
        text = f"Factor {number}: “quoted” – and a second line\nwith\ttab, مؤشر الأداء – E9 mentioned."
        factors[ref] = Factor.create(pip=pip, ref=ref, kind=kind, duration=duration, description=text)
    solutions = []
    for number in range(1, 9):
        solution = Solution.create(
            pip=pip,
            ref=f"S{number}",
            description=f"Solution {number}.\nStatus: not a label here – Resourcing: nor this.",
            target_date=date(2026, 12, number) if number % 4 else None,
            resourcing=Resourcing.EXTRA_FUNDING if number % 2 else Resourcing.WITHIN_SERVICE,
            funding_amount=Decimal("1234.56") * number if number % 2 else None,
            funding_note="Bid – to the reserve: twice." if number % 3 else "",
            time_lag="Three months." if number == 2 else "",
            option_group="Option A" if number in (3, 4) else "",
            strengths="Quick: cheap." if number == 3 else "",
            weaknesses="Costly – slow." if number == 4 else "",
            status=list(SolutionStatus)[number % 4],
        )
        for ref in list(factors)[number - 1 : number + 2]:
            SolutionFactor.create(solution=solution, factor=factors[ref])
        solutions.append(solution)
    bodies = {
        CommentRole.CMT: Body.create(name="CMT", kind=BodyKind.CMT),
        CommentRole.OMT: Body.create(name="OMT", kind=BodyKind.OMT),
        CommentRole.MEMBERS: Body.create(name="Audit and Performance Committee", kind=BodyKind.AUDIT_AND_PERFORMANCE),
    }
    for number in range(1, 9):
        role = list(CommentRole)[number % 4]
        day = date(2026, 10, number * 3)
        meeting = Meeting.get_or_create(body=bodies[role], date=day)[0] if role in bodies else None
        comment = ManagementComment.create(
            pip=pip,
            role=role,
            author=f"Officer {number}, Smith",
            made_on=day,
            text=f"Comment {number}.\nSecond paragraph – with a dash.",
            meeting=meeting,
            minute_reference=f"MIN/{number}" if number % 2 and meeting else "",
        )
        if role is CommentRole.CMT:
            SolutionDecision.create(comment=comment, solution=solutions[number % 8], approved=True)
            SolutionDecision.create(comment=comment, solution=solutions[(number + 1) % 8], approved=False)
    for number in range(1, 10):
        ProgressUpdate.create(
            pip=pip,
            made_on=date(2026, 8 + number // 4, 1 + number),  # August to October: today or before, as imports ask
            comment=f"Update {number}.\nMore – detail: here.",
            score=Decimal("91.2") + number if number % 3 else None,
            final=number == 9,
        )
    return Pip.get_by_id(pip.id)


def test_a_plan_with_many_of_everything_imports_back_into_a_fresh_database(crowded_plan):
    before, after, _ = round_trip_into_a_fresh_database(crowded_plan.id)
    assert what_word_carries(after, new_pi=True) == what_word_carries(before, new_pi=True)
    assert len(after["factors"]) == 12 and len(after["solutions"]) == 8
    assert len(after["management_comments"]) == 8 and after["progress"][-1]["final"] is True


def test_the_imported_plan_is_a_draft_with_its_counters_and_a_history_naming_the_file(crowded_plan):
    word = exported(crowded_plan.id)
    Pip.update(status=PipStatus.WITHDRAWN).where(Pip.id == crowded_plan.id).execute()
    pip, check = import_word_plan(word, Choices(), filename="Revenues plan.docx")
    assert check.errors == [] and pip.status is PipStatus.DRAFT and pip.went_live_on is None
    assert (pip.last_external_number, pip.last_internal_number, pip.last_solution_number) == (8, 4, 8)
    said = [(c.what, c.after) for c in PipChange.select().where(PipChange.pip == pip).order_by(PipChange.id)]
    assert said == [("Imported from pip/v1 JSON", "Draft"), (READ_FROM_WORD, "Revenues plan.docx")]


def test_a_plan_whose_pi_has_no_scores_in_the_register_imports_back(make_pip, db):
    """Its Word file says why there is no chart, beside Section 1's values: a note of the export's own."""
    pip = make_pip(factors=[("external", "Snow")], solutions=[("Grit", ["E1"])])
    Score.delete().where(Score.indicator == pip.indicator).execute()
    standings.refresh([pip.indicator_id])
    assert "No chart: the PI register holds no scores" in "".join(
        block.text for block in read_blocks(exported(pip.id)) if isinstance(block, Para)
    )
    before, after, _ = round_trip_into_a_fresh_database(pip.id)
    assert what_word_carries(after, new_pi=True) == what_word_carries(before, new_pi=True)
