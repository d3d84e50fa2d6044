"""The roles a user may hold (docs/users-and-permissions.md#roles). A user may hold several."""

from .words import Word


class Role(Word):
    HEAD_OF_SERVICE = "hos"
    PERFORMANCE = "performance"
    CMT = "cmt"
    CLERK = "clerk"
    MEMBER = "member"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return {
            "hos": "Head of Service",
            "performance": "Performance officer",
            "cmt": "CMT member",
            "clerk": "Committee clerk",
            "member": "Member",
            "admin": "Administrator",
        }[self.value]
