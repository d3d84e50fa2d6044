"""The links mailed to set a password (docs/users-and-permissions.md#invitations-and-forgotten-passwords): an
invitation, valid for 72 hours, and a forgotten password's reset, valid for one hour. Each works once."""

from datetime import datetime, timedelta
from enum import Enum

from webapp.domain.words import Word


class Purpose(Word):
    INVITATION = "invitation"
    RESET = "reset"

    @property
    def label(self) -> str:
        return {"invitation": "Invitation", "reset": "Password reset"}[self.value]

    @property
    def valid_for(self) -> timedelta:
        return {"invitation": timedelta(hours=72), "reset": timedelta(hours=1)}[self.value]

    @property
    def lasts(self) -> str:
        """How long the link works, as the e-mail and the pages say it."""
        return {"invitation": "72 hours (3 days)", "reset": "1 hour"}[self.value]


class LinkState(Enum):
    USABLE = "usable"
    USED = "used"
    EXPIRED = "expired"


def link_state(expires_at: datetime | None, used_at: datetime | None, now: datetime) -> LinkState:
    """Whether a link may still set a password. Used comes first: a used link says so even once expired.
    A link not yet mailed (no expiry yet) cannot be followed, as nobody has it."""
    if used_at is not None:
        return LinkState.USED
    if expires_at is None or now >= expires_at:
        return LinkState.EXPIRED
    return LinkState.USABLE
