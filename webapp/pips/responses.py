"""How PIP views answer: a section swapped in place for htmx, a redirect or a page without JavaScript.

htmx row actions get back the section they changed, plus out-of-band copies of whatever else on the
page depends on it (the solutions matrix, the task list, the summary) and a status message for screen readers.
Given the plan as it was read before the write (`before`), the task list and the summary are drawn only
when what they show has changed: each response draws less, and a row action costs less
(docs/quality.md).
"""

from flask import render_template, url_for

from webapp.core.rendering import fragment_or_redirect, render_page_or_fragment

from .access import may_edit

SECTION_NUMBERS = {"details": 1, "external": 2, "internal": 3, "solutions": 4, "comments": 5, "progress": 6}
SECTION_TEMPLATES = {
    "details": "pips/_details.html",
    "external": "pips/_factors.html",
    "internal": "pips/_factors.html",
    "solutions": "pips/_solutions.html",
    "comments": "pips/_comments.html",
    "progress": "pips/_progress.html",
    "matrix": "pips/_solutions_matrix.html",  # Section 4's factors against solutions, alone
}


def section_response(plan, section, message, also=(), anchor=None, before=None, **context):
    """After a successful change: the changed section (htmx) or the PIP page (no JavaScript). `before` is
    the plan as read before the change, when the view has it: then only what changed is drawn besides."""
    location = url_for("pips.show", pip_id=plan.pip.id, _anchor=anchor or f"section-{SECTION_NUMBERS[section]}")
    return fragment_or_redirect(location, message, lambda: _changed(plan, section, message, also, before, context))


def _changed(plan, section, message, also, before, context):
    """The changed section, out-of-band copies of what depends on it, and the status message."""
    context.setdefault("focus", "heading")  # focus must land somewhere: the section's heading by default
    parts = [_render_section(plan, section, oob=False, **context)]
    parts += [
        _render_section(plan, other, oob=True, **{**context, "focus": None}) for other in also if other != section
    ]
    if before is None or before.sections != plan.sections:
        parts.append(render_template("pips/_task_list.html", plan=plan, oob=True))
    if before is None or _summarised(before) != _summarised(plan):
        parts.append(render_template("pips/_summary.html", plan=plan, oob=True))
    parts.append(render_template("pips/_status_message.html", message=message))
    return "\n".join(parts)


def _summarised(plan):
    """What the plan's summary (templates/pips/_summary.html) shows."""
    pip = plan.pip
    return (
        pip.status,
        plan.overdue,
        plan.next_update_due,
        pip.author,
        pip.raised_on,
        pip.went_live_on,
        pip.closing_reason,
        pip.service_id,
        pip.indicator_id,
    )


def _render_section(plan, section, oob, **context):
    context.setdefault("can_edit", may_edit(plan.pip))
    return render_template(SECTION_TEMPLATES[section], plan=plan, kind=section, oob=oob, **context)


def form_response(page, fragment, target_id, status=422, **context):
    """A form shown again (invalid, or refused as out of date), with what the user typed.

    For htmx the form replaces itself (HX-Retarget); without JavaScript it is a whole page.
    """
    return render_page_or_fragment(page, fragment, status, retarget=target_id, **context)
