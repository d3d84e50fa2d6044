"""The production entry point (webapp/wsgi.py): the app made from the environment, with every template
compiled before the first request, so no worker's first page waits for Jinja."""

import importlib
import sys


def _no_template_files(monkeypatch, app):
    def read(*_args):
        raise AssertionError("a template was read after start-up")

    monkeypatch.setattr(app.jinja_env.loader, "get_source", read)


def test_the_server_entry_point_compiles_every_template_as_it_starts(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "entry-point-test")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'pips.db'}")
    monkeypatch.delitem(sys.modules, "webapp.wsgi", raising=False)
    app = importlib.import_module("webapp.wsgi").app
    assert not app.config["DEVELOPMENT"]
    names = app.jinja_env.list_templates(extensions=("html", "txt"))
    assert len(names) > 100
    _no_template_files(monkeypatch, app)
    for name in names:
        assert app.jinja_env.get_template(name).name == name
