"""Your account (docs/users-and-permissions.md#your-account): changing your password, your sign-ins, and a
link to your e-mail choices."""

from flask import Blueprint

bp = Blueprint("account", __name__, url_prefix="/account")

# Views register on bp.
from . import session_time, views  # noqa: E402,F401
