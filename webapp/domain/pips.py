"""The words of a Performance Improvement Plan (docs/plans.md#the-plan): statuses, factor kinds and durations,
solution resourcing and status, management comment roles, and factor/solution references."""

from .bodies import BodyKind
from .words import Word


class PipStatus(Word):
    DRAFT = "draft"
    LIVE = "live"
    COMPLETED = "completed"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return self.value.capitalize()

    @property
    def is_open(self) -> bool:
        """Draft or Live: a PI has at most one open PIP."""
        return self in (PipStatus.DRAFT, PipStatus.LIVE)


class FactorKind(Word):
    EXTERNAL = "external"
    INTERNAL = "internal"

    @property
    def label(self) -> str:
        return self.value.capitalize()

    @property
    def prefix(self) -> str:
        return "E" if self is FactorKind.EXTERNAL else "I"


class Duration(Word):
    TEMPORARY = "temporary"
    LONG_TERM = "long_term"

    @property
    def label(self) -> str:
        return "Temporary Factors" if self is Duration.TEMPORARY else "Long Term Factors"


class Resourcing(Word):
    WITHIN_SERVICE = "within_service"
    EXTRA_FUNDING = "extra_funding"

    @property
    def label(self) -> str:
        return "Within the service" if self is Resourcing.WITHIN_SERVICE else "Extra funding sought"


class SolutionStatus(Word):
    PROPOSED = "proposed"
    APPROVED = "approved"
    NOT_APPROVED = "not_approved"
    IN_PLACE = "in_place"

    @property
    def label(self) -> str:
        return {"proposed": "Proposed", "approved": "Approved", "not_approved": "Not approved", "in_place": "In place"}[
            self.value
        ]


class CommentRole(Word):
    HEAD_OF_SERVICE = "head_of_service"
    CMT = "cmt"
    OMT = "omt"
    MEMBERS = "members"

    @property
    def label(self) -> str:
        return {"head_of_service": "Head of Service", "cmt": "CMT", "omt": "OMT", "members": "Members"}[self.value]

    @property
    def needs_meeting(self) -> bool:
        """CMT, OMT and Members comments cite the meeting they were made at."""
        return self is not CommentRole.HEAD_OF_SERVICE

    @property
    def meeting_kinds(self) -> tuple[BodyKind, ...]:
        """The bodies whose meetings a comment of this role cites (the template's Section 5 notes)."""
        return {
            "head_of_service": (),
            "cmt": (BodyKind.CMT,),
            "omt": (BodyKind.OMT,),
            "members": (BodyKind.AUDIT_AND_PERFORMANCE, BodyKind.POLICY_COMMITTEE, BodyKind.MEMBERS_BRIEFING),
        }[self.value]


SOLUTION_PREFIX = "S"


def reference(prefix: str, number: int) -> str:
    """E1, I2, S3: a reference is never changed and never reused within a PIP."""
    return f"{prefix}{number}"


def reference_number(ref: str | None, prefix: str) -> int | None:
    """The number in a reference such as 'E12', or None when it is not one of `prefix`'s."""
    if ref and ref.startswith(prefix) and ref[len(prefix) :].isdigit():
        return int(ref[len(prefix) :])
    return None


def reference_order(ref: str) -> tuple[str, int]:
    """The key that puts references in the order people read them: by letter, then by number, so E2
    comes before E10, and external factors (E) before internal ones (I)."""
    return ref[:1], int(ref[1:])


# The template's section headings (docs/plans.md), by section number.
SECTION_TITLES = {
    1: "Section 1 Performance Indicator Details",
    2: "Section 2 External Factors Impacting Performance",
    3: "Section 3 Internal Factors Impacting Performance",
    4: "Section 4 Proposed Solutions",
    5: "Section 5 Management Comment",
    6: "Section 6 Progress Tracking",
}
