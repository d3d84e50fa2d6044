"""What the PI register's views share: who may change the register, finding a PI, and what its page shows."""

from datetime import date

from flask import abort
from flask_login import current_user

from webapp.core.permissions import role_required
from webapp.domain.access import can_raise
from webapp.domain.periods import Frequency, latest_period_end
from webapp.domain.roles import Role
from webapp.pips.access import may_read
from webapp.pips.raising import open_plan_for

from .pi_page import find_indicator, indicator_page

performance_only = role_required(Role.PERFORMANCE)


def can_edit():
    return current_user.has_role(Role.PERFORMANCE)


def indicator_or_404(indicator_id):
    return find_indicator(indicator_id) or abort(404)


def page_or_404(indicator_id):
    return indicator_page(indicator_id) or abort(404)


def page_context(page, score_form, **extra):
    indicator = page.indicator
    return dict(
        pi=page,
        indicator=indicator,
        score_form=score_form,
        can_edit=can_edit(),
        period_end_hint=period_end_hint(indicator.frequency),
        open_plan=_readable_open_plan(indicator),
        can_raise=can_raise(current_user.roles, current_user.service_ids, indicator.service_id),
        **extra,
    )


def _readable_open_plan(indicator):
    """The PI's Draft or Live plan, when the reader may read it: the page says nothing of a plan its reader could
    not open, as no list does (docs/users-and-permissions.md#reading-plans)."""
    plan = open_plan_for(indicator)
    return plan if plan is not None and may_read(plan) else None


def period_end_hint(frequency):
    example = latest_period_end(frequency, date.today())
    kind = {Frequency.MONTHLY: "month", Frequency.QUARTERLY: "quarter", Frequency.ANNUAL: "financial year"}[
        Frequency(frequency)
    ]
    return f"The last day of the {kind}, for example {example.day} {example.month} {example.year}"
