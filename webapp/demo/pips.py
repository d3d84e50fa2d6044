"""Demo Performance Improvement Plans at every stage (docs/command-line.md#commands): a draft, a live plan with CMT's
approvals, an overdue one, one that Members discussed at A&P, a completed one and a withdrawn one."""

from datetime import datetime, time, timedelta

from webapp.domain.bodies import BodyKind
from webapp.domain.pips import CommentRole, Duration, FactorKind, PipStatus, Resourcing, SolutionStatus
from webapp.models import (
    Body,
    Factor,
    Indicator,
    ManagementComment,
    Meeting,
    PipChange,
    ProgressUpdate,
    Solution,
    SolutionDecision,
    SolutionFactor,
    User,
)
from webapp.pips.raising import raise_plan

from .meetings import minute_reference

T, L = Duration.TEMPORARY, Duration.LONG_TERM
E, I = FactorKind.EXTERNAL, FactorKind.INTERNAL  # noqa: E741 (the template writes E1, I1)


class Story:
    """Writes one plan and its history, a step at a time, as its people would have."""

    def __init__(self, code, raised_by, raised_on):
        self.pip = raise_plan(Indicator.get(Indicator.code == code), raised_by, raised_on)
        self.version = self.pip.version
        self.numbers = {E: 0, I: 0}
        self.factors, self.solutions = {}, {}

    def log(self, who, when, what, after="", before="", subject="plan"):
        self.version += 1
        PipChange.create(
            pip=self.pip,
            changed_by=who,
            changed_at=_at(when),
            version=self.version,
            subject=subject,
            what=what,
            before=before,
            after=after,
        )

    def factor(self, who, when, kind, duration, text):
        self.numbers[kind] += 1
        ref = f"{kind.prefix}{self.numbers[kind]}"
        self.factors[ref] = Factor.create(pip=self.pip, ref=ref, kind=kind, duration=duration, description=text)
        self.log(who, when, f"Added {kind.label.lower()} factor {ref} ({duration.label})", text)

    def solution(self, who, when, text, days, refs, status=SolutionStatus.PROPOSED, **fields):
        ref = f"S{len(self.solutions) + 1}"
        solution = Solution.create(
            pip=self.pip, ref=ref, description=text, target_date=when + timedelta(days=days), status=status, **fields
        )
        for factor_ref in refs:
            SolutionFactor.create(solution=solution, factor=self.factors[factor_ref])
        self.solutions[ref] = solution
        self.log(who, when, f"Added solution {ref}", text)

    def comment(self, who, when, role, text, meeting=None, minute="", approve=(), decline=()):
        comment = ManagementComment.create(
            pip=self.pip,
            role=role,
            author=who.name,
            made_on=when,
            text=text,
            meeting=meeting,
            minute_reference=minute,
            recorded_by=who,
        )
        self.log(who, when, f"Added {role.label} comment", text)
        for refs, approved, status in (
            (approve, True, SolutionStatus.APPROVED),
            (decline, False, SolutionStatus.NOT_APPROVED),
        ):
            for ref in refs:
                SolutionDecision.create(comment=comment, solution=self.solutions[ref], approved=approved)
                self.set_status(who, when, ref, status)

    def set_status(self, who, when, ref, status):
        solution = self.solutions[ref]
        self.log(who, when, f"Solution {ref}: Status", status.label, solution.status.label, f"solution:{solution.id}")
        solution.status = status
        solution.save()

    def progress(self, who, when, text, score=None, final=False):
        ProgressUpdate.create(pip=self.pip, made_on=when, comment=text, score=score, final=final, recorded_by=who)
        self.log(who, when, "Added progress entry", text)

    def move(self, who, when, status, **fields):
        self.log(who, when, "Status", status.label, self.pip.status.label, "status")
        self.pip.status = status
        for name, value in fields.items():
            setattr(self.pip, name, value)

    def finish(self):
        numbers = {
            "last_external_number": self.numbers[E],
            "last_internal_number": self.numbers[I],
            "last_solution_number": len(self.solutions),
            "version": self.version,
        }
        for name, value in numbers.items():
            setattr(self.pip, name, value)
        self.pip.save()
        return self.pip


def _at(day):
    return datetime.combine(day, time(10, 30))


def _meeting(kind, on_or_after, before):
    return (
        Meeting.select()
        .join(Body)
        .where((Body.kind == kind) & (Meeting.date >= on_or_after) & (Meeting.date < before))
        .order_by(Meeting.date)
        .first()
    )


def write_plans(today, users):
    hos, perf, cmt, clerk = (User.get_by_id(users[f"{who}@example.org"]) for who in ("hos", "perf", "cmt", "clerk"))
    day = lambda n: today - timedelta(days=n)  # noqa: E731 (n days ago)

    # WR01: live, with CMT's approvals and monthly progress.
    wr = Story("WR01", hos, day(75))
    wr.factor(hos, day(75), E, T, "Heavy snowfall closed the rural rounds for nine working days.")
    wr.factor(hos, day(75), E, L, "A national shortage of HGV drivers is pushing up agency rates.")
    wr.factor(hos, day(74), I, L, "Two HGV driver posts have been vacant since the summer.")
    wr.factor(hos, day(74), I, T, "The new route-optimisation software is still bedding in.")
    wr.solution(
        hos,
        day(74),
        "Agency drivers for the winter rounds.",
        30,
        ["E1", "I1"],
        resourcing=Resourcing.EXTRA_FUNDING,
        funding_amount=18000,
        funding_note="Bid to the winter pressures reserve.",
    )
    wr.solution(
        hos,
        day(73),
        "Option A: a market supplement for HGV drivers to fill the vacant posts.",
        90,
        ["E2", "I1"],
        resourcing=Resourcing.EXTRA_FUNDING,
        funding_amount=12500,
        funding_note="Growth bid for next year's budget.",
        option_group="Filling the driver posts",
        strengths="Fills the posts quickly; matches neighbouring councils.",
        weaknesses="Recurring cost; may unsettle other drivers' pay.",
        time_lag="Around three months before new drivers are fully productive.",
    )
    wr.solution(
        hos,
        day(73),
        "Option B: train two loaders as HGV drivers.",
        180,
        ["I1"],
        option_group="Filling the driver posts",
        strengths="Develops our own staff.",
        weaknesses="Takes six months; the loaders' posts then need backfilling.",
    )
    wr.solution(hos, day(72), "Refresher training for crews on the in-cab software.", 14, ["I2"])
    wr.comment(
        hos,
        day(72),
        CommentRole.HEAD_OF_SERVICE,
        "The drop is driven by the vacancies; the snow made a bad month worse. Option A is recommended.",
    )
    wr.move(hos, day(70), PipStatus.LIVE, went_live_on=day(70))
    meeting = _meeting(BodyKind.CMT, day(69), day(30))
    wr.comment(
        cmt,
        meeting.date,
        CommentRole.CMT,
        "CMT approves agency cover and the market supplement; training loaders is too slow for this winter.",
        meeting,
        minute_reference("CMT", meeting.date, 7),
        approve=["S1", "S2"],
        decline=["S3"],
    )
    wr.set_status(hos, day(50), "S4", SolutionStatus.IN_PLACE)
    wr.progress(hos, day(40), "Agency drivers started on the rural rounds; two routes back on schedule.", 93.4)
    wr.progress(hos, day(10), "Market supplement agreed; both driver posts advertised.", 94.1)
    wr.finish()

    # HS02: live but its monthly update is overdue.
    hs = Story("HS02", hos, day(160))
    hs.factor(hos, day(160), E, L, "Private rents have risen faster than Local Housing Allowance.")
    hs.factor(hos, day(160), I, T, "Two housing options officers on long-term sick leave.")
    hs.solution(
        hos,
        day(159),
        "Landlord incentive scheme to secure private rented homes.",
        120,
        ["E1"],
        resourcing=Resourcing.EXTRA_FUNDING,
        funding_amount=40000,
        funding_note="Homelessness Prevention Grant.",
    )
    hs.solution(hos, day(159), "Agency cover for the two officers.", 21, ["I1"])
    hs.comment(hos, day(158), CommentRole.HEAD_OF_SERVICE, "Demand is rising across the county, not just here.")
    hs.move(hos, day(150), PipStatus.LIVE, went_live_on=day(150))
    meeting = _meeting(BodyKind.CMT, day(149), day(100))
    hs.comment(
        cmt,
        meeting.date,
        CommentRole.CMT,
        "Both solutions approved.",
        meeting,
        minute_reference("CMT", meeting.date, 4),
        approve=["S1", "S2"],
    )
    hs.progress(hos, day(110), "Agency officers in post; eleven landlords signed up.", None)
    hs.finish()

    # PL01: live; Members discussed it at the Audit and Performance Committee.
    pl = Story("PL01", perf, day(130))
    pl.factor(perf, day(130), E, T, "Three large applications needed extended consultation with the highway authority.")
    pl.factor(perf, day(130), I, L, "The principal planning officer post has been hard to fill.")
    pl.solution(perf, day(129), "Planning performance agreements on all major applications.", 60, ["E1"])
    pl.solution(
        perf,
        day(129),
        "Shared principal officer with a neighbouring council.",
        90,
        ["I1"],
        resourcing=Resourcing.EXTRA_FUNDING,
        funding_amount=25000,
        funding_note="Planning reserve.",
    )
    pl.move(perf, day(120), PipStatus.LIVE, went_live_on=day(120))
    meeting = _meeting(BodyKind.AUDIT_AND_PERFORMANCE, day(119), today)
    if meeting:
        pl.comment(
            clerk,
            meeting.date,
            CommentRole.MEMBERS,
            "Members asked whether the 13-week target is realistic for schemes of this size.",
            meeting,
            minute_reference("Audit and Performance Committee", meeting.date, 9),
        )
    pl.progress(perf, day(25), "Two agreements signed; the shared officer starts next month.", None)
    pl.finish()

    # RB01: completed once its solutions were in place.
    rb = Story("RB01", perf, day(320))
    rb.factor(perf, day(320), I, T, "Backlog after the move to the new benefits system.")
    rb.solution(perf, day(319), "Overtime and a temporary processing team to clear the backlog.", 60, ["I1"])
    rb.move(perf, day(310), PipStatus.LIVE, went_live_on=day(310))
    meeting = _meeting(BodyKind.CMT, day(309), day(200))
    rb.comment(
        cmt,
        meeting.date,
        CommentRole.CMT,
        "Approved.",
        meeting,
        minute_reference("CMT", meeting.date, 3),
        approve=["S1"],
    )
    rb.set_status(perf, day(240), "S1", SolutionStatus.IN_PLACE)
    rb.progress(perf, day(220), "Backlog cleared; processing times falling each month.", None)
    rb.progress(
        perf,
        day(20),
        "This Performance Improvement Plan has been completed: every approved solution "
        "is in place and the plan is formally closed.",
        None,
        final=True,
    )
    rb.move(perf, day(20), PipStatus.COMPLETED, closed_on=day(20))
    rb.finish()

    # HS01: a draft the Head of Service is still writing.
    draft = Story("HS01", hos, day(3))
    draft.factor(hos, day(3), I, T, "Void repairs contractor changed in April.")
    draft.finish()

    # WR03: withdrawn, raised in error.
    withdrawn = Story("WR03", perf, day(200))
    withdrawn.move(
        perf,
        day(195),
        PipStatus.WITHDRAWN,
        closed_on=day(195),
        closing_reason="Raised in error: the missed-bin spike was a recording fault, since corrected.",
    )
    withdrawn.finish()
