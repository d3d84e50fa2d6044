"""The meeting's record's rules (docs/meetings-and-papers.md#the-meetings-record): outcomes and decisions once
their meeting has been held, and a completed plan's addendum of Members' comments."""

from datetime import date

import pytest

from webapp.domain.pips import CommentRole, PipStatus
from webapp.domain.referrals import addendum_roles, held_by, members_addendum, not_held_yet

TODAY = date(2026, 11, 29)


@pytest.mark.parametrize("day, held", [(date(2026, 11, 28), True), (TODAY, True), (date(2026, 11, 30), False)])
def test_a_meeting_is_held_on_its_day(day, held):
    assert held_by(day, TODAY) is held
    assert (not_held_yet("its outcomes", day, TODAY) is None) is held


def test_a_meeting_to_come_says_from_when():
    assert not_held_yet("its outcomes", date(2026, 12, 10), TODAY) == (
        "The meeting is on Thursday 10 December 2026: its outcomes can be recorded from that day, "
        "once the meeting has been held"
    )


@pytest.mark.parametrize(
    "status, role, meeting, allowed",
    [
        (PipStatus.COMPLETED, CommentRole.MEMBERS, 7, True),
        (PipStatus.COMPLETED, CommentRole.MEMBERS, 8, False),  # not a meeting it was presented at
        (PipStatus.COMPLETED, CommentRole.MEMBERS, None, False),
        (PipStatus.COMPLETED, CommentRole.CMT, 7, False),
        (PipStatus.WITHDRAWN, CommentRole.MEMBERS, 7, False),
        (PipStatus.LIVE, CommentRole.MEMBERS, 7, False),  # not closed: no addendum needed
    ],
)
def test_a_completed_plan_takes_only_the_members_comments_of_a_meeting_it_was_presented_at(
    status, role, meeting, allowed
):
    assert members_addendum(status, role, meeting, {7}) is allowed


def test_the_roles_a_closed_plan_still_takes():
    every = list(CommentRole)
    assert addendum_roles(PipStatus.COMPLETED, every, {7}) == [CommentRole.MEMBERS]
    assert addendum_roles(PipStatus.COMPLETED, every, set()) == []
    assert addendum_roles(PipStatus.WITHDRAWN, every, {7}) == []
    assert addendum_roles(PipStatus.COMPLETED, [CommentRole.CMT], {7}) == []
