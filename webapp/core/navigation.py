"""The header navigation each role sees."""

from flask import request, url_for

from webapp.domain.roles import Role

PLAN_READERS = (Role.HEAD_OF_SERVICE, Role.PERFORMANCE, Role.CMT, Role.CLERK, Role.MEMBER)

# (label, endpoint, roles that see it; empty means every signed-in user)
LINKS = [
    ("Your work", "home.index", ()),  # where everyone lands after signing in (docs/your-work.md)
    ("Indicators", "indicators.index", ()),
    ("Exceptions", "exceptions_report.index", ()),
    ("Plans", "pips.index", PLAN_READERS),
    ("Meetings", "meetings.index", ()),
    ("Administration", "admin.index", (Role.ADMIN,)),
    ("Your e-mail", "notifications.preferences", ()),
]


def navigation_for(user):
    if not getattr(user, "is_authenticated", False):
        return []
    current = request.blueprint
    return [
        {"text": label, "href": url_for(endpoint), "active": endpoint.split(".")[0] == current}
        for label, endpoint, roles in LINKS
        if not roles or user.has_role(*roles)
    ]
