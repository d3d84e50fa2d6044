"""Administration (administrators only): users, their roles and services; directorates and services.

Users are created and changed through webapp/admin/accounts.py, which the create-user command shares.
Nothing is deleted here: a person who leaves is disabled, which ends their sessions at once.
"""

import logging

import peewee
from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user
from playhouse.flask_utils import get_object_or_404
from wtforms.fields.choices import SelectChoice

from forms.admin import AccountStatusForm, DirectorateForm, ServiceForm, UserEditForm, UserForm
from webapp.admin.accounts import (
    AccountError,
    committees,
    create_user,
    invite_again,
    set_active,
    set_committees,
    set_roles,
    set_services,
)
from webapp.auth.sessions import end_all_sessions
from webapp.auth.tokens import invitation_waiting
from webapp.core.names import name_taken, name_taken_message
from webapp.core.permissions import role_required
from webapp.domain.roles import Role
from webapp.models import Body, CommitteeSeat, Directorate, Service, User, UserRole, UserService, database

from . import bp

security_log = logging.getLogger("webapp.security")

EMAIL_TAKEN = "A user with this email address already exists"


def _form_page(template, form, **context):
    status = 422 if any(field.errors for field in form) else 200
    return render_template(template, form=form, **context), status


@bp.route("/")
@role_required(Role.ADMIN)
def index():
    return render_template("admin/index.html")


# Users


@bp.route("/users/")
@role_required(Role.ADMIN)
def users():
    people = User.select(
        User.id, User.name, User.email, User.active, (User.password_hash == "").alias("invited")
    ).order_by(User.name, User.id)
    services = Service.select(Service.id, Service.name)
    bodies = Body.select(Body.id, Body.name)
    users = peewee.prefetch(people, UserRole, UserService, services, CommitteeSeat, bodies)
    return render_template("admin/users.html", users=users)


def _choices(form):
    """The services and the committees to choose from."""
    services = Service.select(Service, Directorate).join(Directorate).order_by(Service.name)
    form.services.choices = [SelectChoice(str(s.id), f"{s.name} ({s.directorate.name})") for s in services]
    form.committees.choices = [SelectChoice(str(body.id), body.name) for body in committees()]
    return form


def _email_taken(email, user_id=None):
    query = User.select().where(peewee.fn.LOWER(User.email) == email)
    if user_id:
        query = query.where(User.id != user_id)
    return query.exists()


@bp.route("/users/new", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def new_user():
    form = _choices(UserForm())
    if form.validate_on_submit():
        if _email_taken(form.email.data):
            form.email.errors.append(EMAIL_TAKEN)
        else:
            try:
                user = create_user(
                    form.email.data,
                    form.name.data,
                    None,
                    form.roles.data,
                    form.services.data,
                    invite_to=current_app.config["SERVICE_NAME"],
                    committee_ids=form.committees.data,
                )
            except (AccountError, peewee.IntegrityError):  # added by someone else a moment ago
                form.email.errors.append(EMAIL_TAKEN)
            else:
                security_log.info("User %s created and invited by user %s", user.id, current_user.id)
                flash(f"User added: {user.name}. We have e-mailed them a link to set their password.", "success")
                return redirect(url_for(".users"))
    return _form_page("admin/user_new.html", form)


def _user_or_404(user_id):
    return get_object_or_404(User, User.id == user_id)


def _update_user(user, form):
    """Saves the changes in one transaction, or puts what stopped them on the form and returns False."""
    if _email_taken(form.email.data, user.id):
        form.email.errors.append(EMAIL_TAKEN)
        return False
    if user.id == current_user.id and Role.ADMIN not in form.roles.data:
        form.roles.errors.append("You cannot remove your own Administrator role")
        return False
    saved = (user.name, user.email, user.password_hash)
    user.name, user.email = form.name.data, form.email.data
    if form.password.data:
        user.set_password(form.password.data)  # hashed before the transaction: the slow KDF holds no lock
    try:
        with database.atomic():
            user.save()
            set_roles(user, form.roles.data)
            set_services(user, form.services.data)
            set_committees(user, form.committees.data)
            if form.password.data and user.id != current_user.id:
                end_all_sessions(user)  # a reset password must not leave an old sign-in working
    except peewee.IntegrityError:  # the address was given to someone else a moment ago
        user.name, user.email, user.password_hash = saved
        form.email.errors.append(EMAIL_TAKEN)
        return False
    return True


@bp.route("/users/<int:user_id>/edit", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def edit_user(user_id):
    user = _user_or_404(user_id)
    form = _choices(
        UserEditForm(
            data={
                "name": user.name,
                "email": user.email,
                "roles": [role for role in Role if role in user.roles],
                "services": sorted(user.service_ids),
                "committees": sorted(seat.body_id for seat in user.committee_seats),
            }
        )
    )
    if form.validate_on_submit() and _update_user(user, form):
        security_log.info(
            "User %s changed by user %s%s", user.id, current_user.id, " (password reset)" if form.password.data else ""
        )
        flash(f"User updated: {user.name}", "success")
        return redirect(url_for(".users"))
    invitation = invitation_waiting(user)
    return _form_page(
        "admin/user_edit.html",
        form,
        user=user,
        status_form=AccountStatusForm(),
        invitation=invitation,
        invitation_usable=invitation is not None and invitation.usable,
    )


@bp.route("/users/<int:user_id>/invite", methods=["POST"])
@role_required(Role.ADMIN)
def invite_user(user_id):
    """Send the invitation again (docs/users-and-permissions.md#invitations-and-forgotten-passwords)."""
    if not AccountStatusForm().validate_on_submit():
        abort(400)
    user = _user_or_404(user_id)
    try:
        invite_again(user, current_app.config["SERVICE_NAME"])
    except AccountError as refused:
        flash(f"{refused}: they can reset it from the sign-in page if they have forgotten it.", "important")
    else:
        security_log.info("User %s invited again by user %s", user.id, current_user.id)
        flash(f"We have e-mailed {user.name} a new invitation. Links sent before no longer work.", "success")
    return redirect(url_for(".edit_user", user_id=user.id))


def _change_status(user_id, active):
    if not AccountStatusForm().validate_on_submit():
        abort(400)
    user = _user_or_404(user_id)
    if not active and user.id == current_user.id:
        flash("You cannot disable your own account. Ask another administrator.", "important")
        return redirect(url_for(".edit_user", user_id=user.id))
    with database.atomic():
        set_active(user, active)
    security_log.info("User %s %s by user %s", user.id, "enabled" if active else "disabled", current_user.id)
    flash(f"{user.name} {'can sign in again' if active else 'is disabled and has been signed out'}", "success")
    return redirect(url_for(".edit_user", user_id=user.id))


@bp.route("/users/<int:user_id>/disable", methods=["POST"])
@role_required(Role.ADMIN)
def disable_user(user_id):
    return _change_status(user_id, active=False)


@bp.route("/users/<int:user_id>/enable", methods=["POST"])
@role_required(Role.ADMIN)
def enable_user(user_id):
    return _change_status(user_id, active=True)


# Directorates and services


@bp.route("/directorates/")
@role_required(Role.ADMIN)
def directorates():
    rows = (
        Directorate.select(Directorate, peewee.fn.COUNT(Service.id).alias("service_count"))
        .join(Service, peewee.JOIN.LEFT_OUTER)
        .group_by(Directorate.id)
        .order_by(Directorate.name)
    )
    return render_template("admin/directorates.html", directorates=list(rows))


def _save_named(form, row, **fields):
    """Saves a directorate or service, or puts a clash of names on the form and returns False."""
    model = type(row)
    taken = name_taken(model, form.name.data, row.id)
    if not taken:
        row.name = form.name.data
        for name, value in fields.items():
            setattr(row, name, value)
        try:
            with database.atomic():
                row.save()
            return True
        except peewee.IntegrityError:  # saved by someone else a moment ago
            taken = name_taken(model, form.name.data, row.id) or form.name.data
    form.name.errors.append(name_taken_message(model, taken))
    return False


@bp.route("/directorates/new", methods=["GET", "POST"])
@bp.route("/directorates/<int:directorate_id>/edit", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def edit_directorate(directorate_id=None):
    directorate = get_object_or_404(Directorate, Directorate.id == directorate_id) if directorate_id else Directorate()
    form = DirectorateForm(obj=directorate if directorate_id else None)
    if form.validate_on_submit() and _save_named(form, directorate):
        flash(f"Directorate {'updated' if directorate_id else 'added'}: {directorate.name}", "success")
        return redirect(url_for(".directorates"))
    return _form_page("admin/directorate_form.html", form, directorate=directorate if directorate_id else None)


@bp.route("/services/")
@role_required(Role.ADMIN)
def services():
    rows = Service.select(Service, Directorate).join(Directorate).order_by(Directorate.name, Service.name)
    heads = UserService.select(UserService.id, UserService.user, UserService.service)
    people = User.select(User.id, User.name).order_by(User.name)
    return render_template("admin/services.html", services=peewee.prefetch(rows, heads, people))


@bp.route("/services/new", methods=["GET", "POST"])
@bp.route("/services/<int:service_id>/edit", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def edit_service(service_id=None):
    service = get_object_or_404(Service, Service.id == service_id) if service_id else Service()
    form = ServiceForm(data={"name": service.name, "directorate": service.directorate_id} if service_id else None)
    form.directorate.choices = [
        SelectChoice(str(d.id), d.name) for d in Directorate.select().order_by(Directorate.name)
    ]
    if form.validate_on_submit() and _save_named(form, service, directorate=form.directorate.data):
        flash(f"Service {'updated' if service_id else 'added'}: {service.name}", "success")
        return redirect(url_for(".services"))
    return _form_page("admin/service_form.html", form, service=service if service_id else None)
