"""The app as the production server runs it: `gunicorn 'webapp.wsgi:app'` (README, Deploy).

Each worker compiles every template as it starts, so nobody's first page or form from a worker waits
for it (docs/quality.md#speed-budgets); the command-line tasks (`flask --app webapp ...`) do not.
"""

from webapp import create_app
from webapp.core.rendering import compile_templates

app = create_app()
compile_templates(app)
