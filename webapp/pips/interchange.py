"""The glue between stored PIPs and the pip/v1 JSON format (docs/pip-v1.md): the plain plan (a loaded
Plan as plain data) for export, and creating a whole PIP from validated data in one transaction."""

from webapp.domain.periods import Frequency
from webapp.domain.pips import SOLUTION_PREFIX, CommentRole, Duration, FactorKind, PipStatus, Resourcing, SolutionStatus
from webapp.domain.rating import Polarity
from webapp.domain.units import Unit
from webapp.exports.pip_json_reading import values_outside
from webapp.indicators import standings
from webapp.models import (
    Body,
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
    SolutionFactor,
    database,
)
from webapp.search.index import index_indicator, index_meeting

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


class ImportRefused(Exception):
    def __init__(self, errors):
        super().__init__("; ".join(errors))
        self.errors = errors


def _highest(refs, prefix):
    return max((int(r[len(prefix) :]) for r in refs if r.startswith(prefix)), default=0)


def import_plan(data, create_indicators=False, user=None):
    """A new PIP from `pip_json.validate`'s clean data, all in one transaction; ImportRefused lists why not."""
    with database.atomic():
        service, indicator, bodies = _checked(data, create_indicators)
        if indicator is None:
            indicator = _new_indicator(data["indicator"], service)
            index_indicator(indicator.id)
        pip = _create_pip(data, indicator, service, user)
        factors = _create_factors(pip, data["factors"])
        solutions = _create_solutions(pip, data["solutions"], factors)
        _create_comments(pip, data["management_comments"], solutions, bodies, user)
        _create_progress(pip, data["progress"], user)
        PipChange.create(
            pip=pip,
            changed_by=user,
            version=pip.version,
            subject="status",
            what=IMPORTED,
            after=PipStatus(data["status"]).label,
        )
        return pip


# ---------------------------------------------------------------- what the file names must exist


def _checked(data, create_indicators):
    """The plan's service, its PI (None to create) and the bodies its comments cite, by name; ImportRefused
    when the register cannot take the plan, listing every reason in the order of the file."""
    service = Service.get_or_none(Service.name == data["service"])
    errors = [] if service is not None else [f'service: unknown service "{data["service"]}"']
    indicator, indicator_errors = _indicator(data, create_indicators)
    bodies, body_errors = _bodies(data["management_comments"])
    errors += indicator_errors + body_errors
    if errors:
        raise ImportRefused(errors)
    return service, indicator, bodies


def _indicator(data, create_indicators):
    """The register's PI of the plan's code, and what stops the plan joining it."""
    code = data["indicator"]["code"]
    indicator = Indicator.get_or_none(Indicator.code == code)
    if indicator is None:
        return None, [] if create_indicators else [
            f'indicator.code: unknown PI code "{code}" (use --create-indicators to create it)'
        ]
    # the plan's values are in the register's unit, whatever the file says
    return indicator, values_outside(data, indicator.unit) + _open_plan(indicator, data["status"], code)


def _open_plan(indicator, status, code):
    """A PI has at most one open plan: an open plan is refused when it has one already."""
    if not PipStatus(status).is_open:
        return []
    open_plan = (
        Pip.select()
        .where((Pip.indicator == indicator) & Pip.status.in_([PipStatus.DRAFT.value, PipStatus.LIVE.value]))
        .first()
    )
    if open_plan is None:
        return []
    return [f'status: PI "{code}" already has a {open_plan.status.value} PIP ({open_plan.id})']


def _bodies(comments):
    """{name: Body} of the bodies whose meetings the comments cite, and an error for each unknown one."""
    bodies, errors = {}, []
    for i, comment in enumerate(comments):
        meeting = comment["meeting"]
        if meeting is None or meeting["body"] in bodies:
            continue
        body = Body.get_or_none(Body.name == meeting["body"])
        if body is None:
            errors.append(f'management_comments[{i}].meeting.body: unknown body "{meeting["body"]}"')
        bodies[meeting["body"]] = body
    return bodies, errors


# ---------------------------------------------------------------- creating the plan, section by section


def _new_indicator(spec, service):
    indicator = Indicator.create(
        code=spec["code"],
        name=spec["name"],
        description=spec["description"],
        service=service,
        polarity=Polarity(spec["polarity"]),
        unit=Unit(spec["unit"]),
        frequency=Frequency(spec["frequency"]),
    )
    standings.refresh([indicator.id])
    return indicator


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
        pi_code=spec["code"],
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
