"""`flask --app webapp export-json` and `import-json` (docs/pip-v1.md, docs/command-line.md#commands): export, round
trip, refusals."""

import copy
import json
from datetime import date
from decimal import Decimal

import pytest

import webapp.pips.cli
from tests.exports.pip_schema import assert_valid
from tests.web import hostile_files
from tests.web.failing_writes import MESSAGE, failing
from webapp.domain.bodies import BodyKind
from webapp.domain.pips import CommentRole, PipStatus, Resourcing, SolutionStatus
from webapp.domain.units import Unit
from webapp.models import (
    Body,
    Directorate,
    Factor,
    Indicator,
    ManagementComment,
    Meeting,
    Pip,
    PipChange,
    ProgressUpdate,
    Service,
    Solution,
    SolutionDecision,
)
from webapp.search.query import search


@pytest.fixture
def runner(app, db):
    webapp.pips.cli.init_app(app)
    webapp.pips.cli.init_app(app)  # registering twice is harmless
    return app.test_cli_runner()


@pytest.fixture
def full_pip(make_pip, make_service, db):
    """A Live plan with every section filled in: factors, solutions, a CMT decision and progress."""
    pip = make_pip(
        service=make_service("Waste and Recycling"),
        factors=[("external", "Heavy snowfall in January – “unusual”."), ("internal", "Two HGV driver posts vacant.")],
        solutions=[("Agency drivers for the winter rounds.", ["E1", "I1"]), ("Overtime on Saturdays.", ["I1"])],
        status=PipStatus.LIVE,
    )
    s1, s2 = Solution.select().where(Solution.pip == pip).order_by(Solution.ref)
    s1.resourcing, s1.funding_amount, s1.funding_note = Resourcing.EXTRA_FUNDING, Decimal("18000"), "Bid."
    s1.status, s1.option_group, s1.strengths = SolutionStatus.APPROVED, "A", "Quick"
    s1.save()
    s2.status, s2.funding_amount, s2.target_date = SolutionStatus.NOT_APPROVED, Decimal("12.5"), None
    s2.save()
    cmt = Body.create(name="CMT", kind=BodyKind.CMT)
    meeting = Meeting.create(body=cmt, date=date(2026, 10, 14))
    ManagementComment.create(
        pip=pip,
        role=CommentRole.HEAD_OF_SERVICE,
        author="Jane Smith",
        made_on=date(2026, 10, 5),
        text="We will recover by March.",
    )
    comment = ManagementComment.create(
        pip=pip,
        role=CommentRole.CMT,
        author="Chief Executive",
        made_on=date(2026, 10, 14),
        text="S1 approved; not S2.",
        meeting=meeting,
        minute_reference="CMT/2026/41",
    )
    SolutionDecision.create(comment=comment, solution=s1, approved=True)
    SolutionDecision.create(comment=comment, solution=s2, approved=False)
    ProgressUpdate.create(pip=pip, made_on=date(2026, 10, 31), comment="Agency drivers started.", score=93.4)
    return Pip.get_by_id(pip.id)


def export(runner, pip_id, tmp_path, name="out.json"):
    path = tmp_path / name
    result = runner.invoke(args=["export-json", str(pip_id), "-o", str(path)])
    assert result.exit_code == 0, result.output
    text = path.read_text(encoding="utf-8")
    document = json.loads(text)
    assert_valid(document)  # every file the tests export keeps to docs/pip-v1.schema.json
    return document, text


def import_(runner, document, tmp_path, *extra, name="in.json"):
    path = tmp_path / name
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return runner.invoke(args=["import-json", str(path), *extra])


def test_export_writes_the_documented_document(runner, full_pip, tmp_path):
    document, text = export(runner, full_pip.id, tmp_path)
    assert "“unusual”" in text and text.startswith('{\n  "format": "pip/v1"')
    assert document["exported_at"].endswith("Z")
    assert (document["status"], document["date"], document["service"]) == ("live", "2026-10-03", "Waste and Recycling")
    assert document["directorate"] == "Communities"  # the service's, for a register that lacks the service
    assert document["indicator"]["code"] == full_pip.indicator.code
    assert document["indicator"]["decimal_places"] == 1
    assert document["details"]["target"] == {"value": 98.0, "as_at": "2027-03-31"}
    assert [f["ref"] for f in document["factors"]] == ["E1", "I1"]
    s1, s2 = document["solutions"]
    assert (s1["factors"], s1["funding_amount"], s1["status"]) == (["E1", "I1"], 18000, "approved")
    assert (s2["funding_amount"], s2["target_date"]) == (12.5, None)
    hos, cmt = document["management_comments"]
    assert hos["meeting"] is None and hos["role"] == "head_of_service"
    assert cmt["meeting"] == {"body": "CMT", "body_kind": "cmt", "date": "2026-10-14", "reference": "CMT/2026/41"}
    assert (cmt["approves"], cmt["declines"]) == (["S1"], ["S2"])
    assert document["progress"] == [
        {"date": "2026-10-31", "comment": "Agency drivers started.", "score": 93.4, "final": False}
    ]


def test_export_of_an_unknown_pip_fails_clearly(runner, tmp_path):
    result = runner.invoke(args=["export-json", "999", "-o", str(tmp_path / "x.json")])
    assert result.exit_code == 1
    assert "No PIP with id 999" in result.output
    assert not (tmp_path / "x.json").exists()


def test_export_import_export_round_trip(runner, full_pip, tmp_path):
    first, _ = export(runner, full_pip.id, tmp_path)
    changed = copy.deepcopy(first)
    changed["indicator"]["code"] = "NEW01"
    changed["management_comments"][1]["meeting"]["date"] = "2026-10-21"  # a meeting not yet recorded
    result = import_(runner, changed, tmp_path, "--create-indicators")
    assert result.exit_code == 0, result.output
    new_id = int(result.output.strip())
    assert new_id != full_pip.id
    second, _ = export(runner, new_id, tmp_path, name="again.json")
    first.pop("exported_at"), second.pop("exported_at"), changed.pop("exported_at")
    assert second == changed
    new = Pip.get_by_id(new_id)
    assert (new.last_external_number, new.last_internal_number, new.last_solution_number) == (1, 1, 2)
    assert Indicator.get(Indicator.code == "NEW01").service_id == full_pip.service_id
    assert Meeting.select().count() == 2
    change = PipChange.get(PipChange.pip == new)
    assert (change.subject, change.what, change.version) == ("status", "Imported from pip/v1 JSON", new.version)


def test_import_into_an_existing_pi_without_an_open_plan(runner, full_pip, tmp_path):
    document, _ = export(runner, full_pip.id, tmp_path)
    Pip.update(status=PipStatus.COMPLETED).where(Pip.id == full_pip.id).execute()
    result = import_(runner, document, tmp_path)
    assert result.exit_code == 0, result.output
    assert Pip.get_by_id(int(result.output)).indicator_id == full_pip.indicator_id


def _nothing_created(before):
    assert (
        Pip.select().count(),
        Indicator.select().count(),
        Meeting.select().count(),
        PipChange.select().count(),
    ) == before


def _counts():
    return (Pip.select().count(), Indicator.select().count(), Meeting.select().count(), PipChange.select().count())


def test_refuses_a_second_open_plan_for_the_pi(runner, full_pip, tmp_path):
    document, _ = export(runner, full_pip.id, tmp_path)
    before = _counts()
    result = import_(runner, document, tmp_path)
    assert result.exit_code == 1
    assert f'status: PI "{full_pip.indicator.code}" already has a live PIP ({full_pip.id})' in result.output
    assert "Traceback" not in result.output
    _nothing_created(before)


def test_unknown_code_service_and_body_are_named_with_the_option(runner, full_pip, tmp_path):
    document, _ = export(runner, full_pip.id, tmp_path)
    document["indicator"]["code"] = "ZZ99"
    document["service"], document["directorate"] = "Parks", "Place"
    document["management_comments"][1]["meeting"]["body"] = "Cabinet"
    before = _counts()
    result = import_(runner, document, tmp_path)
    assert result.exit_code == 1
    for error in (
        'service: unknown service "Parks" (use --create-indicators to create it)',
        'indicator.code: unknown PI code "ZZ99" (use --create-indicators to create it)',
        'management_comments[1].meeting.body: unknown body "Cabinet" (use --create-indicators to create it)',
    ):
        assert error in result.output
    assert "Nothing imported: 3 error(s)" in result.output
    _nothing_created(before)
    assert (Service.select().count(), Body.select().count(), Directorate.select().count()) == (1, 1, 1)


def test_told_to_the_import_creates_the_service_pi_and_body(runner, full_pip, tmp_path):
    document, _ = export(runner, full_pip.id, tmp_path)
    document["indicator"].update(code="ZZ99", unit="number", decimal_places=0)
    document["service"], document["directorate"] = "Parks", "Place"
    document["management_comments"][1]["meeting"]["body"] = "Cabinet"
    result = import_(runner, document, tmp_path, "--create-indicators")
    assert result.exit_code == 0, result.output
    new = Pip.get_by_id(int(result.output))
    service = Service.get(Service.name == "Parks")
    assert (new.service_id, service.directorate.name) == (service.id, "Place")
    indicator = Indicator.get(Indicator.code == "ZZ99")
    assert (indicator.service_id, indicator.unit, indicator.decimal_places) == (service.id, Unit.NUMBER, 0)
    assert new.indicator_id == indicator.id
    cabinet = Body.get(Body.name == "Cabinet")
    assert cabinet.kind is BodyKind.CMT  # as the file says
    assert ManagementComment.get(ManagementComment.pip == new, ManagementComment.role == "cmt").meeting.body == cabinet
    # found by search in the same transaction: the PI, the plan and the new meeting
    assert ("indicator", indicator.id) in _found(["ZZ99"]) and ("plan", new.id) in _found(["ZZ99"])
    assert [kind for kind, _ in _found(["Cabinet"])] == ["meeting"]


def _found(words):
    return [(result.kind.value, result.ref) for result in search(words, True).items]


def test_a_service_without_a_directorate_goes_under_unassigned_and_a_known_directorate_is_kept(
    runner, full_pip, tmp_path
):
    document, _ = export(runner, full_pip.id, tmp_path)
    del document["directorate"]
    document["indicator"]["code"], document["service"] = "NEW10", "Leisure"
    assert import_(runner, document, tmp_path, "--create-indicators").exit_code == 0
    assert Service.get(Service.name == "Leisure").directorate.name == "Unassigned"
    document["indicator"]["code"], document["service"], document["directorate"] = "NEW11", "Libraries", "COMMUNITIES"
    assert import_(runner, document, tmp_path, "--create-indicators").exit_code == 0
    assert Service.get(Service.name == "Libraries").directorate.name == "Communities"  # names are one whatever the case
    assert Directorate.select().count() == 2


def test_a_name_in_another_case_is_refused_even_when_told_to_create(runner, full_pip, tmp_path):
    document, _ = export(runner, full_pip.id, tmp_path)
    document["indicator"]["code"], document["service"] = "NEW12", "waste and recycling"
    document["management_comments"][1]["meeting"]["body"] = "cmt"
    before = _counts()
    result = import_(runner, document, tmp_path, "--create-indicators")
    assert result.exit_code == 1
    assert 'service: unknown service "waste and recycling": the register has "Waste and Recycling"' in result.output
    assert 'management_comments[1].meeting.body: unknown body "cmt": the register has "CMT"' in result.output
    _nothing_created(before)
    assert (Service.select().count(), Body.select().count()) == (1, 1)


@pytest.mark.parametrize(
    "role, body_kind, expected",
    [
        ("members", "policy_committee", BodyKind.POLICY_COMMITTEE),
        ("members", None, BodyKind.AUDIT_AND_PERFORMANCE),
        ("omt", None, BodyKind.OMT),
        ("head_of_service", None, BodyKind.OMT),
        ("head_of_service", "members_briefing", BodyKind.MEMBERS_BRIEFING),
    ],
)
def test_a_body_is_created_of_the_kind_the_file_gives_or_its_comments_role_implies(
    runner, full_pip, tmp_path, role, body_kind, expected
):
    document, _ = export(runner, full_pip.id, tmp_path)
    document["indicator"]["code"] = "NEW13"
    comment = document["management_comments"][1]
    comment.update(role=role, approves=[], declines=[])
    comment["meeting"]["body"] = "Scrutiny"
    if body_kind is None:
        del comment["meeting"]["body_kind"]
    else:
        comment["meeting"]["body_kind"] = body_kind
    result = import_(runner, document, tmp_path, "--create-indicators")
    assert result.exit_code == 0, result.output
    assert Body.get(Body.name == "Scrutiny").kind is expected


def test_decimal_places_make_a_new_pi_and_leave_the_registers_alone(runner, full_pip, tmp_path):
    document, _ = export(runner, full_pip.id, tmp_path)
    Pip.update(status=PipStatus.COMPLETED).where(Pip.id == full_pip.id).execute()
    document["indicator"]["decimal_places"] = 3
    assert import_(runner, document, tmp_path).exit_code == 0
    assert Indicator.get_by_id(full_pip.indicator_id).decimal_places == 1  # the register's PI keeps its own
    document["indicator"]["code"] = "NEW14"
    assert import_(runner, document, tmp_path, "--create-indicators").exit_code == 0
    assert Indicator.get(Indicator.code == "NEW14").decimal_places == 3
    del document["indicator"]["decimal_places"]
    document["indicator"]["code"] = "NEW15"
    assert import_(runner, document, tmp_path, "--create-indicators").exit_code == 0
    assert Indicator.get(Indicator.code == "NEW15").decimal_places == 1  # the register's default


def test_invalid_documents_list_every_path_and_create_nothing(runner, full_pip, tmp_path):
    document, _ = export(runner, full_pip.id, tmp_path)
    document["indicator"]["code"] = "NEW02"
    document["format"] = "pip/v0"
    document["solutions"][0]["factors"][0] = "E9"
    document["solutions"][1]["target_date"] = "soon"
    before = _counts()
    result = import_(runner, document, tmp_path, "--create-indicators")
    assert result.exit_code == 1
    for line in (
        'format: must be "pip/v1"',
        "solutions[0].factors[0]: unknown factor E9",
        "solutions[1].target_date: not a date",
    ):
        assert line in result.output
    assert "Nothing imported: 3 error(s)" in result.output
    assert "Traceback" not in result.output
    _nothing_created(before)


def test_not_json_is_refused_without_a_traceback(runner, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text("{not json", encoding="utf-8")
    result = runner.invoke(args=["import-json", str(path)])
    assert result.exit_code == 1
    assert "The file is not JSON: Expecting property name" in result.output
    assert "Nothing imported: 1 error(s)" in result.output


# ---------------------------------------------------------------- values refused at the door (issue 8, item 5)


@pytest.mark.parametrize("case", hostile_files.CASES, ids=hostile_files.IDS)
def test_a_hostile_file_is_refused_with_the_path_then_the_corrected_one_imports(runner, full_pip, tmp_path, case):
    _, make, message = case
    document, _ = export(runner, full_pip.id, tmp_path)
    Pip.update(status=PipStatus.COMPLETED).where(Pip.id == full_pip.id).execute()  # room for another plan
    path = tmp_path / "hostile.json"
    path.write_bytes(make(copy.deepcopy(document)))
    before = _counts()
    result = runner.invoke(args=["import-json", str(path)])
    assert result.exit_code == 1
    assert message in result.output and "Nothing imported" in result.output
    assert "Traceback" not in result.output
    _nothing_created(before)
    result = import_(runner, document, tmp_path)
    assert result.exit_code == 0, result.output


def test_unprintable_text_is_cleaned_as_the_forms_clean_it(runner, full_pip, tmp_path):
    document, _ = export(runner, full_pip.id, tmp_path)
    Pip.update(status=PipStatus.COMPLETED).where(Pip.id == full_pip.id).execute()
    result = import_(runner, hostile_files.dirty(document), tmp_path)
    assert result.exit_code == 0, result.output
    new = Pip.get_by_id(int(result.output))
    assert (new.author, new.comments) == (hostile_files.CLEAN_LINE, hostile_files.CLEAN)
    assert Factor.get(Factor.pip == new, Factor.ref == "E1").description == hostile_files.CLEAN
    assert Solution.get(Solution.pip == new, Solution.ref == "S1").option_group == hostile_files.CLEAN_LINE
    assert (
        ManagementComment.get(ManagementComment.pip == new, ManagementComment.role == CommentRole.CMT).minute_reference
        == "CMT/41"
    )
    assert ProgressUpdate.get(ProgressUpdate.pip == new).comment == hostile_files.CLEAN


def test_values_outside_the_register_pis_unit_are_refused(runner, full_pip, tmp_path):
    """The file says "number", but the register's PI is in percent: its range holds."""
    document, _ = export(runner, full_pip.id, tmp_path)
    Pip.update(status=PipStatus.COMPLETED).where(Pip.id == full_pip.id).execute()
    document["indicator"]["unit"] = "number"
    document["details"]["score"]["value"] = 20_000
    result = import_(runner, document, tmp_path)
    assert result.exit_code == 1
    assert "details.score.value: must be between -10,000 and 10,000 for a PI measured in percent" in result.output


def test_an_import_is_one_transaction_when_its_last_write_fails(runner, full_pip, tmp_path):
    """The history record is the import's last write: a real trigger makes it fail."""
    document, _ = export(runner, full_pip.id, tmp_path)
    document["indicator"]["code"] = "NEW03"
    document["management_comments"][1]["meeting"]["date"] = "2026-11-11"  # a meeting to create
    before = _counts()
    with failing(PipChange._meta.table_name):
        result = import_(runner, document, tmp_path, "--create-indicators")
    assert result.exit_code == 1
    assert f"The database refused the plan: {MESSAGE}" in result.output and "Nothing imported" in result.output
    _nothing_created(before)
    assert (Factor.select().count(), Solution.select().count(), ProgressUpdate.select().count()) == (2, 2, 1)
    result = import_(runner, document, tmp_path, "--create-indicators")
    assert result.exit_code == 0, result.output


def test_a_code_the_pi_form_refuses_is_refused_even_when_told_to_create(runner, full_pip, tmp_path):
    document, _ = export(runner, full_pip.id, tmp_path)
    document["indicator"]["code"] = "<b>X</b>"
    before = _counts()
    result = import_(runner, document, tmp_path, "--create-indicators")
    assert result.exit_code == 1
    assert "indicator.code: must start with a letter or number" in result.output and "Traceback" not in result.output
    _nothing_created(before)
    document["indicator"]["code"] = "ZZ98"
    result = import_(runner, document, tmp_path, "--create-indicators")
    assert result.exit_code == 0, result.output
    assert Pip.get_by_id(int(result.output)).indicator.code == "ZZ98"
