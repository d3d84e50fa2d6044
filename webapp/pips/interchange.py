"""The glue between stored PIPs and the pip/v1 JSON format (PRODUCT §7): a plain snapshot of a
loaded Plan for export, and creating a whole PIP from validated data in one transaction."""
from webapp.indicators import standings
from webapp.domain.periods import Frequency
from webapp.domain.pips import CommentRole, Duration, FactorKind, PipStatus, Resourcing, SolutionStatus
from webapp.domain.rating import Polarity
from webapp.domain.units import Unit
from webapp.exports.pip_json_reading import values_outside
from webapp.models import (Body, Factor, Indicator, ManagementComment, Meeting, Pip, PipChange, ProgressUpdate,
                           Service, Solution, SolutionDecision, SolutionFactor, database)

IMPORTED = "Imported from pip/v1 JSON"


def _value(word):
    return None if word is None else getattr(word, "value", word)


def plan_snapshot(plan):
    """Plain data (dates, numbers, strings) for `pip_json.plan_to_json`, from a `store.load_plan` Plan."""
    pip, indicator = plan.pip, plan.pip.indicator
    return {
        "status": _value(pip.status),
        "author": pip.author,
        "date": pip.raised_on,
        "service": pip.service.name,
        "indicator": {"code": indicator.code, "name": pip.pi_name or indicator.name,
                      "description": pip.pi_description or indicator.description,
                      "polarity": _value(indicator.polarity), "unit": _value(indicator.unit),
                      "frequency": _value(indicator.frequency)},
        "details": {
            "target": {"value": pip.target_value, "as_at": pip.target_as_at},
            "score": {"value": pip.score_value, "as_at": pip.score_as_at},
            "last_year_end_score": {"value": pip.last_year_end_value, "as_at": pip.last_year_end_as_at},
            "score_12_months_ago": {"value": pip.score_12_months_ago_value,
                                    "as_at": pip.score_12_months_ago_as_at},
            "comments": pip.comments,
        },
        "factors": [{"ref": f.ref, "kind": _value(f.kind), "duration": _value(f.duration),
                     "description": f.description} for f in plan.factors],
        "solutions": [{"ref": s.ref, "description": s.description, "target_date": s.target_date,
                       "factors": [f.ref for f in s.addressed], "resourcing": _value(s.resourcing),
                       "funding_amount": s.funding_amount, "funding_note": s.funding_note,
                       "time_lag": s.time_lag, "option_group": s.option_group, "strengths": s.strengths,
                       "weaknesses": s.weaknesses, "status": _value(s.status)} for s in plan.solutions],
        "management_comments": [{
            "role": _value(c.role), "author": c.author, "date": c.made_on, "text": c.text,
            "meeting": None if c.meeting_id is None else {
                "body": c.meeting.body.name, "date": c.meeting.date, "reference": c.minute_reference},
            "approves": [d.solution.ref for d in c.decided if d.approved and d.solution is not None],
            "declines": [d.solution.ref for d in c.decided if not d.approved and d.solution is not None]}
            for c in plan.comments],
        "progress": [{"date": p.made_on, "comment": p.comment, "score": p.score, "final": p.final}
                     for p in plan.progress],
    }


class ImportRefused(Exception):
    def __init__(self, errors):
        super().__init__("; ".join(errors))
        self.errors = errors


def _highest(refs, prefix):
    return max((int(r[len(prefix):]) for r in refs if r.startswith(prefix)), default=0)


def import_plan(data, create_indicators=False, user=None):
    """A new PIP from `pip_json.validate`'s clean data, all in one transaction; ImportRefused lists why not."""
    with database.atomic():
        errors = []
        spec = data["indicator"]
        service = Service.get_or_none(Service.name == data["service"])
        if service is None:
            errors.append(f'service: unknown service "{data["service"]}"')
        indicator = Indicator.get_or_none(Indicator.code == spec["code"])
        if indicator is None and not create_indicators:
            errors.append(f'indicator.code: unknown PI code "{spec["code"]}" (use --create-indicators to create it)')
        if indicator is not None:  # the plan's values are in the register's unit, whatever the file says
            errors += values_outside(data, indicator.unit)
        status = PipStatus(data["status"])
        if indicator is not None and status.is_open:
            open_plan = (Pip.select().where((Pip.indicator == indicator)
                                            & Pip.status.in_([PipStatus.DRAFT.value, PipStatus.LIVE.value]))
                         .first())
            if open_plan is not None:
                errors.append(f'status: PI "{spec["code"]}" already has a {open_plan.status.value} PIP '
                              f'({open_plan.id})')
        bodies = {}
        for i, comment in enumerate(data["management_comments"]):
            meeting = comment["meeting"]
            if meeting is None or meeting["body"] in bodies:
                continue
            body = Body.get_or_none(Body.name == meeting["body"])
            if body is None:
                errors.append(f'management_comments[{i}].meeting.body: unknown body "{meeting["body"]}"')
            bodies[meeting["body"]] = body
        if errors:
            raise ImportRefused(errors)
        if indicator is None:
            indicator = Indicator.create(code=spec["code"], name=spec["name"], description=spec["description"],
                                         service=service, polarity=Polarity(spec["polarity"]),
                                         unit=Unit(spec["unit"]), frequency=Frequency(spec["frequency"]))
            standings.refresh([indicator.id])
        details = data["details"]
        factor_refs = [f["ref"] for f in data["factors"]]
        progress_dates = [p["date"] for p in data["progress"]]
        pip = Pip.create(
            indicator=indicator, service=service, status=status, author=data["author"], raised_on=data["date"],
            created_by=user,
            went_live_on=None if status is PipStatus.DRAFT else data["date"],
            closed_on=max(progress_dates, default=data["date"]) if status in (
                PipStatus.COMPLETED, PipStatus.WITHDRAWN) else None,
            pi_code=spec["code"], pi_name=spec["name"], pi_description=spec["description"],
            target_value=details["target"]["value"], target_as_at=details["target"]["as_at"],
            score_value=details["score"]["value"], score_as_at=details["score"]["as_at"],
            last_year_end_value=details["last_year_end_score"]["value"],
            last_year_end_as_at=details["last_year_end_score"]["as_at"],
            score_12_months_ago_value=details["score_12_months_ago"]["value"],
            score_12_months_ago_as_at=details["score_12_months_ago"]["as_at"],
            comments=details["comments"],
            last_external_number=_highest(factor_refs, "E"), last_internal_number=_highest(factor_refs, "I"),
            last_solution_number=_highest([s["ref"] for s in data["solutions"]], "S"))
        factors = {f["ref"]: Factor.create(pip=pip, ref=f["ref"], kind=FactorKind(f["kind"]),
                                           duration=Duration(f["duration"]), description=f["description"])
                   for f in data["factors"]}
        solutions = {}
        for s in data["solutions"]:
            solution = Solution.create(
                pip=pip, ref=s["ref"], description=s["description"], target_date=s["target_date"],
                resourcing=Resourcing(s["resourcing"]), funding_amount=s["funding_amount"],
                funding_note=s["funding_note"], time_lag=s["time_lag"], option_group=s["option_group"],
                strengths=s["strengths"], weaknesses=s["weaknesses"], status=SolutionStatus(s["status"]))
            for ref in s["factors"]:
                SolutionFactor.create(solution=solution, factor=factors[ref])
            solutions[s["ref"]] = solution
        for c in data["management_comments"]:
            meeting = None
            if c["meeting"] is not None:
                body = bodies[c["meeting"]["body"]]
                meeting, _ = Meeting.get_or_create(body=body, date=c["meeting"]["date"])
            comment = ManagementComment.create(
                pip=pip, role=CommentRole(c["role"]), author=c["author"], made_on=c["date"], text=c["text"],
                meeting=meeting, minute_reference=(c["meeting"] or {}).get("reference", ""), recorded_by=user)
            for ref in c["approves"]:
                SolutionDecision.create(comment=comment, solution=solutions[ref], approved=True)
            for ref in c["declines"]:
                SolutionDecision.create(comment=comment, solution=solutions[ref], approved=False)
        for p in data["progress"]:
            ProgressUpdate.create(pip=pip, made_on=p["date"], comment=p["comment"], score=p["score"],
                                  final=p["final"], recorded_by=user)
        PipChange.create(pip=pip, changed_by=user, version=pip.version, subject="status", what=IMPORTED,
                         after=status.label)
        return pip
