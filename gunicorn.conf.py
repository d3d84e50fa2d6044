"""The production server's settings. gunicorn reads this file when started from the project's folder
(README, Deploy), and `make bench` measures the row actions under it (bench/row_actions.py). Options given on
gunicorn's command line, or in GUNICORN_CMD_ARGS, win over these.
"""

import os

from webapp.core.config import Defaults

# Sync workers, one request at a time each. A request is mostly the worker's own CPU, so a worker a core
# (more only take turns), and one more to keep pages coming while another makes a PDF (LibreOffice, README).
workers = int(os.environ.get("WEB_CONCURRENCY", (os.cpu_count() or 1) + 1))

# A worker silent for longer is killed: it must outlast the longest PDF conversion.
timeout = int(os.environ.get("OFFICE_TIMEOUT_SECONDS", Defaults.OFFICE_TIMEOUT_SECONDS)) + 30
