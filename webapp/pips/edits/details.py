"""Section 1 Performance Indicator Details."""

from forms.pips.details import DETAIL_LABELS

from ..changes import changing
from ..raising import register_details

DETAIL_FIELDS = list(DETAIL_LABELS)


def details_values(pip):
    """What the Section 1 form shows and saves."""
    return {name: getattr(pip, name) for name in DETAIL_FIELDS}


def save_details(pip_id, user, base, values):
    with changing(pip_id, "details", user, base) as change:
        change.check(details_values(change.pip), values)
        if change.compare("Section 1: ", change.pip, values, DETAIL_LABELS):
            change.pip.save()
    return change.pip


def refresh_details(pip_id, user):
    """Refresh from register: Section 1 takes the register's current figures; the author's own words
    (Comments) are never replaced."""
    with changing(pip_id, "details", user) as change:
        values = register_details(change.pip.indicator)
        values.pop("comments", None)
        if change.compare("Section 1 (refreshed from register): ", change.pip, values, DETAIL_LABELS):
            change.pip.save()
    return change.pip
