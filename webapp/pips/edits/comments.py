"""Section 5: management comments added, changed and removed, with the CMT decisions they carry.

A CMT comment may approve or decline named solutions, which sets their status; each status change is
recorded against its solution ("solution:ID"), so a form open on that solution sees it as a change.
The comment, its decisions and the statuses they settle are written in one transaction.
"""

from webapp.domain.access import is_read_only
from webapp.domain.limits import MAX_COMMENTS
from webapp.domain.pips import CommentRole, SolutionStatus, reference_order
from webapp.domain.referrals import ADDENDUM, members_addendum
from webapp.models import AgendaItem, AgendaPip, ManagementComment, Meeting, Solution, SolutionDecision
from webapp.notifications import outbox

from ..changes import ReadOnlyPlan, changing, describe_value
from .rows import check_room, row_of_plan

LABELS = {
    "role": "Role",
    "author": "Author",
    "made_on": "Date",
    "meeting": "Meeting",
    "minute_reference": "Minute reference",
    "text": "Comment",
}


def comment_values(comment, decisions):
    """What the comment form shows and saves; `decisions` is {solution id: approved}."""
    return {name: getattr(comment, name) for name in LABELS} | {"decisions": decisions}


def decisions_of(comment_id):
    return {d.solution_id: d.approved for d in SolutionDecision.select().where(SolutionDecision.comment == comment_id)}


def describe_decisions(approved, declined):
    """'Approved S1, S3; Not approved S2'."""
    parts = []
    if approved:
        parts.append("Approved " + ", ".join(sorted(approved, key=reference_order)))
    if declined:
        parts.append(f"{SolutionStatus.NOT_APPROVED.label} " + ", ".join(sorted(declined, key=reference_order)))
    return "; ".join(parts)


def decided_status(current, approved):
    """A solution's status after its latest CMT decision (`approved` None when it has none left)."""
    if current is SolutionStatus.IN_PLACE and approved is not False:
        return current  # approving what is already in place leaves it in place
    if approved is None:
        return SolutionStatus.PROPOSED if current is not SolutionStatus.PROPOSED else current
    return SolutionStatus.APPROVED if approved else SolutionStatus.NOT_APPROVED


def summary(comment):
    """'Jane Smith, 14 October 2026; CMT, 14 October 2026, minute CMT/2026/41' for the history."""
    words = f"{comment.author}, {describe_value(comment.made_on)}"
    if comment.meeting_id:
        words += f"; {comment.meeting}" + (f", minute {comment.minute_reference}" if comment.minute_reference else "")
    return words


def presented_at(pip_id, held_by=None):
    """The meetings whose published papers presented the plan (`held_by` a day: those held by then)."""
    condition = (AgendaPip.pip == pip_id) & AgendaItem.published_at.is_null(False)
    if held_by is not None:
        condition &= Meeting.date <= held_by
    query = AgendaPip.select(AgendaItem.meeting).join(AgendaItem).join(Meeting).where(condition)
    return {meeting_id for (meeting_id,) in query.tuples()}


def add_comment(pip_id, user, values, decisions, form_token=None):
    """An addition: it never conflicts with anything (docs/plans.md#changes-and-history). A Completed plan
    takes only the Members' comments of a meeting it was presented at, as an addendum
    (docs/meetings-and-papers.md#the-meetings-record)."""
    with changing(pip_id, "comments", user, allow_read_only=True, form_token=form_token) as change:
        addendum = is_read_only(change.pip.status)
        meeting = values.get("meeting")
        if addendum and not members_addendum(
            change.pip.status, values["role"], meeting.id if meeting else None, presented_at(pip_id)
        ):
            raise ReadOnlyPlan()
        check_room("comment", change.plan.comments, MAX_COMMENTS, "management comments")
        comment = ManagementComment.create(pip=pip_id, recorded_by=user.id, **values)
        added = f"Added {comment.role.label} comment ({summary(comment)})"
        change.record(f"{ADDENDUM}: {added}" if addendum else added, after=comment.text)
        _apply_decisions(change, comment, {}, decisions)
    return comment


def save_comment(pip_id, comment_id, user, base, values, decisions):
    with changing(pip_id, f"comment:{comment_id}", user, base) as change:
        comment = row_of_plan(ManagementComment, comment_id, pip_id)
        current = decisions_of(comment.id)
        now = comment_values(comment, current)
        change.check(now, values | {"decisions": decisions}, described=_described(change.pip.id, now))
        prefix = f"{comment.role.label} comment ({summary(comment)}): "
        if change.compare(prefix, comment, values, LABELS):
            comment.save()
        _apply_decisions(change, comment, current, decisions)
    return comment


def remove_comment(pip_id, comment_id, user, base):
    with changing(pip_id, f"comment:{comment_id}", user, base) as change:
        comment = row_of_plan(ManagementComment, comment_id, pip_id)
        current = decisions_of(comment.id)
        now = comment_values(comment, current)
        change.check(now, described=_described(change.pip.id, now), removal=True)
        _apply_decisions(change, comment, current, {})
        change.record(f"Removed {comment.role.label} comment ({summary(comment)})", before=comment.text)
        comment.delete_instance()
    return comment


def _described(pip_id, now):
    refs = {s.id: s.ref for s in Solution.select(Solution.id, Solution.ref).where(Solution.pip == pip_id)}
    decisions = now["decisions"]
    return {
        "decisions": describe_decisions(
            [refs[i] for i, a in decisions.items() if a and i in refs],
            [refs[i] for i, a in decisions.items() if not a and i in refs],
        )
    }


def _apply_decisions(change, comment, current, wanted):
    """Make `comment`'s decisions `wanted` ({solution id: approved}) and settle the statuses they touch."""
    if current == wanted:
        return
    solutions = {s.id: s for s in Solution.select().where(Solution.pip == change.pip.id)}
    wanted = {i: a for i, a in wanted.items() if i in solutions}
    change.record(
        f"{comment.role.label} comment ({summary(comment)}): Decisions",
        describe_decisions(*_split(current, solutions)),
        describe_decisions(*_split(wanted, solutions)),
    )
    SolutionDecision.delete().where(SolutionDecision.comment == comment.id).execute()
    if wanted:
        SolutionDecision.insert_many(
            [{"comment": comment.id, "solution": i, "approved": a} for i, a in sorted(wanted.items())]
        ).execute()
    for solution_id in sorted(set(current) | set(wanted)):
        _settle_status(change, solutions[solution_id])
    if wanted and CommentRole(comment.role) is CommentRole.CMT:
        # The plan's Heads of Service hear of it in the same transaction (docs/notifications.md).
        outbox.cmt_decision(change.pip, change.user, describe_decisions(*_split(wanted, solutions)))


def _split(decisions, solutions):
    return (
        [solutions[i].ref for i, a in decisions.items() if a],
        [solutions[i].ref for i, a in decisions.items() if not a],
    )


def _settle_status(change, solution):
    """The solution's status follows its latest CMT decision (by the comment's date)."""
    latest = (
        SolutionDecision.select(SolutionDecision.approved)
        .join(ManagementComment)
        .where(SolutionDecision.solution == solution.id)
        .order_by(ManagementComment.made_on.desc(), ManagementComment.id.desc())
        .first()
    )
    status = decided_status(solution.status, latest.approved if latest else None)
    if status is not solution.status:
        change.record(f"Solution {solution.ref}: Status", solution.status, status, subject=f"solution:{solution.id}")
        Solution.update(status=status).where(Solution.id == solution.id).execute()


def wanted_decisions(role, approves, declines):
    """The decisions a comment of `role` carries: only CMT's approve or decline."""
    if role is not CommentRole.CMT:
        return {}
    return {**{i: True for i in approves or ()}, **{i: False for i in declines or ()}}
