"""Your work's read model (docs/your-work.md): what each role has to do, as counts and the first few items.

Every list is one statement that reads its first few rows and, beside them, how many there are in all
(COUNT(*) OVER ()), from the indexes and the stored standings, so the page costs the same number of
statements for 10 plans or 5,000 (docs/quality.md). The rules of what counts (due soon, awaiting a
decision, needing a new proposal, which period's score is due) are in webapp/domain/work.py."""

from dataclasses import dataclass, replace
from datetime import timedelta

from peewee import JOIN, fn

from webapp.domain.bodies import BodyKind
from webapp.domain.periods import financial_year, financial_year_label
from webapp.domain.pips import PipStatus, SolutionStatus
from webapp.domain.referrals import Outcome
from webapp.domain.roles import Role
from webapp.domain.work import CHOSEN, OPEN_PLANS, due_soon_horizon
from webapp.indicators.listing import NO_SCORE, NO_TARGET, exceptions_selection, register_selection
from webapp.models import (
    AgendaItem,
    AgendaPip,
    Body,
    CommitteeSeat,
    Indicator,
    Meeting,
    Pip,
    ReferralDecision,
    Solution,
    Standing,
    User,
    UserRole,
    UserService,
)
from webapp.pips.listing import awaiting_decision_condition

from .lists import Few, exceptions_of, first_few, plans_where, proposed_count, solutions_where, updates_due

# ---- each role's part ----------------------------------------------------------------------------


@dataclass
class HeadOfServiceWork:
    drafts: Few
    updates: Few
    awaiting: Few
    declined: Few
    exceptions: Few
    service_ids: list

    @property
    def empty(self):
        return not (self.drafts.total or self.updates.total or self.awaiting.total or self.declined.total) and not (
            self.exceptions.total
        )


def head_of_service_work(service_ids, today):
    """docs/your-work.md#head-of-service: the work on the plans and PIs of the services they own."""
    services = list(service_ids)
    own = Pip.service.in_(services)
    later = Solution.alias()
    alternative_chosen = fn.EXISTS(
        later.select(later.id).where(
            (later.pip == Solution.pip)
            & (Solution.option_group != "")
            & (later.option_group == Solution.option_group)
            & later.status.in_([status.value for status in CHOSEN])
        )
    )
    proposal_waiting = fn.EXISTS(
        later.select(later.id).where((later.pip == Solution.pip) & (later.status == SolutionStatus.PROPOSED.value))
    )
    return HeadOfServiceWork(
        drafts=first_few(plans_where(own & (Pip.status == PipStatus.DRAFT.value), Pip.raised_on)),
        updates=updates_due(own, due_soon_horizon(today), today),
        awaiting=first_few(
            solutions_where(
                own & (Pip.status == PipStatus.LIVE.value) & (Solution.status == SolutionStatus.PROPOSED.value)
            )
        ),
        declined=first_few(
            solutions_where(
                own
                & Pip.status.in_([status.value for status in OPEN_PLANS])
                & (Solution.status == SolutionStatus.NOT_APPROVED.value)
                & ~alternative_chosen
                & ~proposal_waiting
            )
        ),
        exceptions=first_few(
            exceptions_of(
                replace(
                    exceptions_selection(),
                    conditions=[*exceptions_selection().conditions, Indicator.service.in_(services)],
                )
            )
        ),
        service_ids=services,
    )


@dataclass
class CmtWork:
    awaiting: Few
    overdue: Few
    next_meeting: object  # a row of the next CMT meeting, or None

    @property
    def empty(self):
        return not (self.awaiting.total or self.overdue.total or self.next_meeting)


def _next_meeting(kind, today):
    return (
        Meeting.select(Meeting.id, Meeting.date, Meeting.title, Body.name.alias("body"), Body.id.alias("body_id"))
        .join(Body)
        .where((Body.kind == kind.value) & (Meeting.date >= today))
        .order_by(Meeting.date, Meeting.id)
    )


def cmt_work(today):
    """docs/your-work.md#cmt: decisions waiting, overdue plans across the council, the next meeting."""
    return CmtWork(
        awaiting=first_few(
            plans_where(awaiting_decision_condition(), Pip.went_live_on).select_extend(proposed_count())
        ),
        overdue=updates_due(True, today - timedelta(days=1), today),
        next_meeting=_next_meeting(BodyKind.CMT, today).namedtuples().first(),
    )


@dataclass
class ClerkWork:
    meeting: object  # the next A&P meeting with its papers' state, or None
    not_on_agenda: Few
    outcomes: Few
    decisions: Few

    @property
    def empty(self):
        return not (self.meeting or self.outcomes.total or self.decisions.total)


def clerk_work(today):
    """docs/your-work.md#committee-clerk: the next A&P meeting's papers, and what past meetings still need."""
    entries = AgendaPip.select(fn.COUNT(AgendaPip.id)).where(AgendaPip.item == AgendaItem.id)
    meeting = (
        _next_meeting(BodyKind.AUDIT_AND_PERFORMANCE, today)
        .select_extend(AgendaItem.id.alias("item_id"), AgendaItem.published_at, entries.alias("plans"))
        .join(AgendaItem, JOIN.LEFT_OUTER, on=(AgendaItem.meeting == Meeting.id))
        .namedtuples()
        .first()
    )
    live = Pip.status == PipStatus.LIVE.value
    if meeting is not None and meeting.item_id is not None:
        live &= Pip.id.not_in(AgendaPip.select(AgendaPip.pip).where(AgendaPip.item == meeting.item_id))
    presented = (
        AgendaPip.select(
            AgendaPip.id,
            Meeting.id.alias("meeting_id"),
            Meeting.date,
            Pip.pi_code,
            Pip.pi_name,
            Body.name.alias("body"),
        )
        .join(AgendaItem)
        .join(Meeting)
        .join(Body)
        .switch(AgendaPip)
        .join(Pip)
        .where(AgendaItem.published_at.is_null(False))
        .order_by(Meeting.date, AgendaPip.position, AgendaPip.id)
    )
    referred_to = Body.alias()
    return ClerkWork(
        meeting=meeting,
        not_on_agenda=first_few(plans_where(live, Pip.pi_code)) if meeting is not None else Few(),
        # From the meeting's own day, when its outcomes may be recorded (webapp/domain/referrals.py, held_by).
        outcomes=first_few(presented.where(AgendaPip.outcome.is_null() & (Meeting.date <= today))),
        decisions=first_few(
            presented.select_extend(referred_to.name.alias("referred_to"))
            .join(referred_to, on=(AgendaPip.referred_to == referred_to.id))
            .where(
                (AgendaPip.outcome == Outcome.REFERRED.value)
                & ~fn.EXISTS(ReferralDecision.select(ReferralDecision.id).where(ReferralDecision.entry == AgendaPip.id))
            )
        ),
    )


@dataclass
class PerformanceWork:
    exceptions: Few
    no_score: Few
    no_target: Few
    year_label: str  # the financial year we are in, as 2026/27

    @property
    def empty(self):
        return not (self.exceptions.total or self.no_score.total or self.no_target.total)


def performance_work(today):
    """docs/your-work.md#performance-officer: the register's gaps, from each PI's stored standing."""
    no_score = register_selection(gap=NO_SCORE, today=today)
    return PerformanceWork(
        exceptions=first_few(exceptions_of(exceptions_selection())),
        no_score=first_few(exceptions_of(no_score).select_extend(Standing.latest_period_end)),
        no_target=first_few(exceptions_of(register_selection(gap=NO_TARGET, today=today))),
        year_label=financial_year_label(financial_year(today)),
    )


def member_work(user_id):
    """docs/your-work.md#member: the published papers of the committees the Member sits on, and those with a
    plan referred to one of them, newest first."""
    entries = AgendaPip.select(fn.COUNT(AgendaPip.id)).where(AgendaPip.item == AgendaItem.id)
    seats = CommitteeSeat.select(CommitteeSeat.body).where(CommitteeSeat.user == user_id)
    referred = AgendaPip.select(AgendaPip.id).where(
        (AgendaPip.item == AgendaItem.id) & AgendaPip.referred_to.in_(seats)
    )
    return first_few(
        AgendaItem.select(
            Meeting.id.alias("meeting_id"),
            Meeting.date,
            Body.name.alias("body"),
            AgendaItem.published_at,
            entries.alias("plans"),
        )
        .join(Meeting)
        .join(Body)
        .where(AgendaItem.published_at.is_null(False) & (Meeting.body.in_(seats) | fn.EXISTS(referred)))
        .order_by(Meeting.date.desc(), Meeting.id.desc())
    )


@dataclass
class AdminWork:
    without_roles: Few
    without_services: Few
    without_committees: Few

    @property
    def empty(self):
        return not (self.without_roles.total or self.without_services.total or self.without_committees.total)


def admin_work():
    """docs/your-work.md#administrator: people who cannot yet do anything."""
    people = User.select(User.id, User.name, User.email).order_by(User.name, User.id)
    any_role = UserRole.select(UserRole.id).where(UserRole.user == User.id)
    any_service = UserService.select(UserService.id).where(UserService.user == User.id)
    head = UserRole.select(UserRole.id).where(
        (UserRole.user == User.id) & (UserRole.role == Role.HEAD_OF_SERVICE.value)
    )
    member = UserRole.select(UserRole.id).where((UserRole.user == User.id) & (UserRole.role == Role.MEMBER.value))
    any_seat = CommitteeSeat.select(CommitteeSeat.id).where(CommitteeSeat.user == User.id)
    enabled = User.active == True  # noqa: E712 (an SQL comparison)
    return AdminWork(
        without_roles=first_few(people.where(enabled & ~fn.EXISTS(any_role))),
        without_services=first_few(people.where(enabled & fn.EXISTS(head) & ~fn.EXISTS(any_service))),
        without_committees=first_few(people.where(enabled & fn.EXISTS(member) & ~fn.EXISTS(any_seat))),
    )


@dataclass
class Work:
    """Each of the user's roles' parts; None for a role they do not hold."""

    head_of_service: HeadOfServiceWork | None = None
    cmt: CmtWork | None = None
    clerk: ClerkWork | None = None
    performance: PerformanceWork | None = None
    member: Few | None = None
    admin: AdminWork | None = None

    @property
    def empty(self):
        """Nothing to do in any part (a Member's part is a list of papers)."""
        parts = [part for part in vars(self).values() if part is not None]
        return all(not part.total if isinstance(part, Few) else part.empty for part in parts)


def work_for(user, today):
    """Your work for `user`: a part for each of their roles (and, as Head of Service, of their services)."""
    roles, service_ids = user.roles, user.service_ids
    work = Work()
    if Role.HEAD_OF_SERVICE in roles:
        work.head_of_service = head_of_service_work(service_ids, today)
    if Role.CMT in roles:
        work.cmt = cmt_work(today)
    if Role.CLERK in roles:
        work.clerk = clerk_work(today)
    if Role.PERFORMANCE in roles:
        work.performance = performance_work(today)
    if Role.MEMBER in roles:
        work.member = member_work(user.id)
    if Role.ADMIN in roles:
        work.admin = admin_work()
    return work
