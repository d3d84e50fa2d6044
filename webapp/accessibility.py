"""The accessibility statement (docs/accessibility.md), which the Public Sector Bodies (Websites and Mobile
Applications) (No. 2) Accessibility Regulations 2018 require: a public page, linked from every page's footer,
in the structure of GOV.UK's sample statement, with the council's name and contact from its configuration."""

from flask import Blueprint, render_template

bp = Blueprint("accessibility", __name__, url_prefix="/accessibility")


@bp.route("/")
def statement():
    return render_template("accessibility/statement.html")
