"""Every change to a plan, in one place (docs/architecture.md, docs/concurrency.md).

Each edit takes what the form was drawn from (a `Base`), takes the row as it is now inside one write
transaction (from the plan the view read, when the version shows nobody wrote since), refuses with
`Conflict` when someone else changed what the form showed, writes the change, its history lines and
every dependent row, and raises `ReadOnlyPlan` for a Completed or Withdrawn plan
and `Refused` for a change the plan cannot take. The views only turn a form into an edit and an edit
into a response; webapp/core/refusals.py turns a Conflict or Refused into a response, and
webapp/pips/refusals.py a ReadOnlyPlan.
"""

from .comments import add_comment, comment_values, remove_comment, save_comment  # noqa: F401
from .details import refresh_details, save_details  # noqa: F401
from .factors import add_factor, factor_values, remove_factor, save_factor  # noqa: F401
from .lifecycle import complete, reopen, submit, withdraw  # noqa: F401
from .progress import add_progress, progress_values, remove_progress, save_progress  # noqa: F401
from .solutions import add_solution, remove_solution, save_solution, solution_values  # noqa: F401
