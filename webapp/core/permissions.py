"""Role checks for views: anonymous users are sent to sign in, the wrong role gets 403."""

from functools import wraps

from flask import abort
from flask_login import current_user, login_required


def role_required(*roles):
    """Only users holding one of `roles` may use the view."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        wrapped.required_roles = roles
        return wrapped

    return decorator


def signed_in(view):
    """Any signed-in user may use the view."""
    wrapped = login_required(view)
    wrapped.required_roles = ()
    return wrapped
