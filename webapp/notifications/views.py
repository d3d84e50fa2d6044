"""The pages of notifications (docs/notifications.md): each person's choices of what e-mail they get, and
the outbox for administrators."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from forms.notifications import preferences_form
from webapp.core.pagination import page_asked
from webapp.core.permissions import role_required, signed_in
from webapp.domain.notifications import Delivery, MailStatus, kinds_for
from webapp.domain.roles import Role

from . import bp
from .outbox import outbox_counts, outbox_page, preferences_of, save_preferences


@bp.route("/", methods=["GET", "POST"])
@signed_in
def preferences():
    kinds = kinds_for(current_user.roles)
    current = preferences_of(current_user.id, kinds)
    form = preferences_form(kinds, current, request.form if request.method == "POST" else None)
    if request.method == "POST" and form.validate_on_submit():
        save_preferences(current_user.id, form.chosen(kinds))
        flash("Your e-mail choices are saved.", "success")
        return redirect(url_for(".preferences"))
    status = 422 if form.errors else 200
    return render_template("notifications/preferences.html", form=form, kinds=kinds, Delivery=Delivery), status


@bp.route("/outbox")
@role_required(Role.ADMIN)
def outbox():
    wanted = request.args.get("status", "")
    status = MailStatus(wanted) if wanted in {s.value for s in MailStatus} else None
    page = outbox_page(status, page_asked())
    return render_template(
        "notifications/outbox.html", page=page, counts=outbox_counts(), status=status, statuses=list(MailStatus)
    )
