"""When a signed-in session ends (docs/users-and-permissions.md#sessions): SESSION_IDLE_TIMEOUT after it was
last used, or SESSION_ABSOLUTE_TIMEOUT after signing in, whichever comes first. Only the first can be put
off, by using the service; the page warns before either (docs/accessibility.md#the-session-time-limit)."""

import math
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class SessionEnd:
    at: datetime
    can_stay: bool  # False once the absolute limit comes first: using the service no longer puts it off

    def seconds_left(self, now: datetime) -> int:
        return max(0, math.floor((self.at - now).total_seconds()))


def session_end(signed_in_at: datetime, last_used_at: datetime, idle: timedelta, absolute: timedelta) -> SessionEnd:
    idle_end, absolute_end = last_used_at + idle, signed_in_at + absolute
    return SessionEnd(min(idle_end, absolute_end), idle_end < absolute_end)
