"""Performance Improvement Plans: a Flask app for a council's A&P Committee process."""

import logging

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix


def create_app(test_config=None):
    app = Flask(__name__, static_folder="../static", template_folder="../templates")

    from .core import row_ids

    row_ids.init_app(app)

    from .core import config

    config.load_config(app, test_config)
    if app.config["TRUSTED_PROXIES"]:
        # Behind the intranet's reverse proxies: the client's address and scheme are the ones they forward.
        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    from .core import db

    db.init_app(app)

    from forms.core import attributes

    from .core.extensions import csrf, htmx, login_manager

    csrf.init_app(app)
    attributes.use_in_wtforms()
    htmx.init_app(app)
    login_manager.init_app(app)

    from .core import cli, errors, headers, refusals, rendering

    headers.init_app(app)
    errors.init_app(app)
    refusals.init_app(app)
    rendering.init_app(app)

    from . import (
        accessibility,
        account,
        admin,
        auth,
        exceptions_report,
        home,
        indicators,
        meetings,
        notifications,
        papers,
        pips,
        resume,
        search,
    )

    for module in (
        auth,
        home,
        indicators,
        exceptions_report,
        pips,
        meetings,
        papers,
        admin,
        resume,
        notifications,
        search,
        account,
        accessibility,
    ):
        app.register_blueprint(module.bp)

    # Command-line tasks: the app's own, then each area's.
    from .admin import cli as admin_cli
    from .indicators import cli as indicators_cli
    from .notifications import cli as notifications_cli
    from .papers import cli as papers_cli
    from .pips import cli as pips_cli

    for commands in (cli, admin_cli, indicators_cli, pips_cli, papers_cli, notifications_cli):
        commands.init_app(app)

    return app
