"""The kinds of body that meet (docs/meetings-and-papers.md#meetings-and-committee-papers)."""

from .words import Word


class BodyKind(Word):
    CMT = "cmt"
    OMT = "omt"
    AUDIT_AND_PERFORMANCE = "audit_and_performance"
    POLICY_COMMITTEE = "policy_committee"
    MEMBERS_BRIEFING = "members_briefing"

    @property
    def label(self) -> str:
        return {
            "cmt": "Corporate Management Team",
            "omt": "Operational Management Team",
            "audit_and_performance": "Audit and Performance Committee",
            "policy_committee": "Policy committee",
            "members_briefing": "Members' briefing",
        }[self.value]


# The bodies a Member sits on, and so the plans presented to which they read
# (docs/users-and-permissions.md#members-and-their-committees).
COMMITTEES = (BodyKind.AUDIT_AND_PERFORMANCE, BodyKind.POLICY_COMMITTEE)
