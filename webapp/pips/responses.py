"""How PIP views answer: a section swapped in place for htmx, a redirect or a page without JavaScript.

htmx row actions get back the section they changed, plus out-of-band copies of whatever else on the
page depends on it (the task list, the solutions matrix) and a status message for screen readers.
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
}


def section_response(plan, section, message, also=(), anchor=None, **context):
    """After a successful change: the changed section (htmx) or the PIP page (no JavaScript)."""
    location = url_for("pips.show", pip_id=plan.pip.id, _anchor=anchor or f"section-{SECTION_NUMBERS[section]}")
    return fragment_or_redirect(location, message, lambda: _changed(plan, section, message, also, context))


def _changed(plan, section, message, also, context):
    """The changed section, out-of-band copies of what depends on it, and the status message."""
    context.setdefault("focus", "heading")  # focus must land somewhere: the section's heading by default
    parts = [_render_section(plan, section, oob=False, **context)]
    parts += [
        _render_section(plan, other, oob=True, **{**context, "focus": None}) for other in also if other != section
    ]
    parts.append(render_template("pips/_task_list.html", plan=plan, oob=True))
    parts.append(render_template("pips/_summary.html", plan=plan, oob=True))
    parts.append(render_template("pips/_status_message.html", message=message))
    return "\n".join(parts)


def _render_section(plan, section, oob, **context):
    context.setdefault("can_edit", may_edit(plan.pip))
    return render_template(SECTION_TEMPLATES[section], plan=plan, kind=section, oob=oob, **context)


def form_response(page, fragment, target_id, status=422, **context):
    """A form shown again (invalid, or refused as out of date), with what the user typed.

    For htmx the form replaces itself (HX-Retarget); without JavaScript it is a whole page.
    """
    return render_page_or_fragment(page, fragment, status, retarget=target_id, **context)
