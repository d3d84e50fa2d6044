"""The glue between stored PIPs and the pip/v1 JSON format (docs/pip-v1.md): the plain plan (a loaded
Plan as plain data) for export, and creating a whole PIP from validated data in one transaction. What the plan
joins in the register (its service, PI and bodies), found or created, is interchange_register.py's."""

from webapp.domain.pips import SOLUTION_PREFIX, CommentRole, Duration, FactorKind, PipStatus, Resourcing, SolutionStatus
from webapp.models import (
    Body,
    Directorate,
    Factor,
    ManagementComment,
    Meeting,
    Pip,
    PipChange,
    ProgressUpdate,
    Solution,
    SolutionDecision,
    SolutionFactor,
    database,
)
from webapp.search.index import index_meeting

from .interchange_register import COMMAND_LINE, UPLOAD_PAGE, ImportRefused, join_register

__all__ = ["COMMAND_LINE", "UPLOAD_PAGE", "ImportRefused", "exported_plan", "import_plan", "plain_plan"]

IMPORTED = "Imported from pip/v1 JSON"


def _value(word):
    return None if word is None else getattr(word, "value", word)


def plain_plan(plan):
    """Plain data (dates, numbers, strings) for `pip_json.plan_to_json`, from a `store.load_plan` Plan."""
    pip, indicator = plan.pip, plan.pip.indicator
    return {
        "status": _value(pip.status),
        "author": pip.author,
        "date": pip.raised_on,
        "service": pip.service.name,
        "indicator": {
            "code": indicator.code,
            "name": pip.pi_name or indicator.name,
            "description": pip.pi_description or indicator.description,
            "polarity": _value(indicator.polarity),
            "unit": _value(indicator.unit),
            "frequency": _value(indicator.frequency),
            "decimal_places": indicator.decimal_places,
        },
        "details": {
            "target": {"value": pip.target_value, "as_at": pip.target_as_at},
            "score": {"value": pip.score_value, "as_at": pip.score_as_at},
            "last_year_end_score": {"value": pip.last_year_end_value, "as_at": pip.last_year_end_as_at},
            "score_12_months_ago": {"value": pip.score_12_months_ago_value, "as_at": pip.score_12_months_ago_as_at},
            "comments": pip.comments,
        },
        "factors": [
            {"ref": f.ref, "kind": _value(f.kind), "duration": _value(f.duration), "description": f.description}
            for f in plan.factors
        ],
        "solutions": [
            {
                "ref": s.ref,
                "description": s.description,
                "target_date": s.target_date,
                "factors": [f.ref for f in s.addressed],
                "resourcing": _value(s.resourcing),
                "funding_amount": s.funding_amount,
                "funding_note": s.funding_note,
                "time_lag": s.time_lag,
                "option_group": s.option_group,
                "strengths": s.strengths,
                "weaknesses": s.weaknesses,
                "status": _value(s.status),
            }
            for s in plan.solutions
        ],
        "management_comments": [
            {
                "role": _value(c.role),
                "author": c.author,
                "date": c.made_on,
                "text": c.text,
                "meeting": None
                if c.meeting_id is None
                else {"body": c.meeting.body.name, "date": c.meeting.date, "reference": c.minute_reference},
                "approves": [d.solution.ref for d in c.decided if d.approved and d.solution is not None],
                "declines": [d.solution.ref for d in c.decided if not d.approved and d.solution is not None],
            }
            for c in plan.comments
        ],
        "progress": [
            {"date": p.made_on, "comment": p.comment, "score": p.score, "final": p.final} for p in plan.progress
        ],
    }


def exported_plan(plan):
    """`plain_plan` with what moves the plan into another council's register (interchange_register.py): its
    service's directorate and the kind of each body its comments cite. Two queries, whatever the plan's size."""
    plain = plain_plan(plan)
    plain["directorate"] = (
        Directorate.select(Directorate.name).where(Directorate.id == plan.pip.service.directorate_id).scalar()
    )
    body_ids = {c.meeting.body.id for c in plan.comments if c.meeting is not None}
    kinds = dict(Body.select(Body.name, Body.kind).where(Body.id.in_(body_ids)).tuples()) if body_ids else {}
    for comment in plain["management_comments"]:
        if comment["meeting"] is not None:
            comment["meeting"]["body_kind"] = _value(kinds[comment["meeting"]["body"]])
    return plain


def _highest(refs, prefix):
    return max((int(r[len(prefix) :]) for r in refs if r.startswith(prefix)), default=0)


def import_plan(data, create_indicators=False, user=None, how_to_create=COMMAND_LINE):
    """A new PIP from `pip_json.validate`'s clean data, all in one transaction; ImportRefused lists why not.
    `create_indicators` creates the PI, service and bodies the register lacks (interchange_register.py), each
    named in the new plan's `created`; otherwise each missing one is an error that ends `how_to_create`."""
    with database.atomic():
        joined = join_register(data, create_indicators, how_to_create)
        pip = _create_pip(data, joined.indicator, joined.service, user)
        factors = _create_factors(pip, data["factors"])
        solutions = _create_solutions(pip, data["solutions"], factors)
        _create_comments(pip, data["management_comments"], solutions, joined.bodies, user)
        _create_progress(pip, data["progress"], user)
        PipChange.create(
            pip=pip,
            changed_by=user,
            version=pip.version,
            subject="status",
            what=IMPORTED,
            after=PipStatus(data["status"]).label,
        )
        pip.created = joined.created
        return pip


# ---------------------------------------------------------------- creating the plan, section by section


def _create_pip(data, indicator, service, user):
    """The plan with Section 1, its reference counters past the highest reference in the file."""
    spec, details, status = data["indicator"], data["details"], PipStatus(data["status"])
    factor_refs = [f["ref"] for f in data["factors"]]
    progress_dates = [p["date"] for p in data["progress"]]
    return Pip.create(
        indicator=indicator,
        service=service,
        status=status,
        author=data["author"],
        raised_on=data["date"],
        created_by=user,
        went_live_on=None if status is PipStatus.DRAFT else data["date"],
        closed_on=max(progress_dates, default=data["date"])
        if status in (PipStatus.COMPLETED, PipStatus.WITHDRAWN)
        else None,
        pi_code=indicator.code,  # the register's, whatever the case the file wrote it in
        pi_name=spec["name"],
        pi_description=spec["description"],
        target_value=details["target"]["value"],
        target_as_at=details["target"]["as_at"],
        score_value=details["score"]["value"],
        score_as_at=details["score"]["as_at"],
        last_year_end_value=details["last_year_end_score"]["value"],
        last_year_end_as_at=details["last_year_end_score"]["as_at"],
        score_12_months_ago_value=details["score_12_months_ago"]["value"],
        score_12_months_ago_as_at=details["score_12_months_ago"]["as_at"],
        comments=details["comments"],
        last_external_number=_highest(factor_refs, FactorKind.EXTERNAL.prefix),
        last_internal_number=_highest(factor_refs, FactorKind.INTERNAL.prefix),
        last_solution_number=_highest([s["ref"] for s in data["solutions"]], SOLUTION_PREFIX),
    )


def _create_factors(pip, factors):
    """Sections 2 and 3: {ref: Factor}."""
    return {
        f["ref"]: Factor.create(
            pip=pip,
            ref=f["ref"],
            kind=FactorKind(f["kind"]),
            duration=Duration(f["duration"]),
            description=f["description"],
        )
        for f in factors
    }


def _create_solutions(pip, solutions, factors):
    """Section 4, each solution tied to the factors it addresses: {ref: Solution}."""
    created = {}
    for s in solutions:
        solution = Solution.create(
            pip=pip,
            ref=s["ref"],
            description=s["description"],
            target_date=s["target_date"],
            resourcing=Resourcing(s["resourcing"]),
            funding_amount=s["funding_amount"],
            funding_note=s["funding_note"],
            time_lag=s["time_lag"],
            option_group=s["option_group"],
            strengths=s["strengths"],
            weaknesses=s["weaknesses"],
            status=SolutionStatus(s["status"]),
        )
        for ref in s["factors"]:
            SolutionFactor.create(solution=solution, factor=factors[ref])
        created[s["ref"]] = solution
    return created


def _create_comments(pip, comments, solutions, bodies, user):
    """Section 5, each comment at its meeting (created when the body has none that day), with the
    solutions it approves and declines."""
    for c in comments:
        meeting = None
        if c["meeting"] is not None:
            meeting, created = Meeting.get_or_create(body=bodies[c["meeting"]["body"]], date=c["meeting"]["date"])
            if created:
                index_meeting(meeting.id)
        comment = ManagementComment.create(
            pip=pip,
            role=CommentRole(c["role"]),
            author=c["author"],
            made_on=c["date"],
            text=c["text"],
            meeting=meeting,
            minute_reference=(c["meeting"] or {}).get("reference", ""),
            recorded_by=user,
        )
        for ref in c["approves"]:
            SolutionDecision.create(comment=comment, solution=solutions[ref], approved=True)
        for ref in c["declines"]:
            SolutionDecision.create(comment=comment, solution=solutions[ref], approved=False)


def _create_progress(pip, progress, user):
    """Section 6."""
    for p in progress:
        ProgressUpdate.create(
            pip=pip, made_on=p["date"], comment=p["comment"], score=p["score"], final=p["final"], recorded_by=user
        )
