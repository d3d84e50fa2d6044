"""The search page (docs/search.md): PIs, plans and meetings found by their words, only those the person may
read, a page at a time."""

from flask import render_template, request

from forms.search import SearchForm
from webapp.core.pagination import page_asked
from webapp.core.permissions import signed_in
from webapp.domain.search import terms
from webapp.pips.access import readable_condition

from . import bp
from .query import search


@bp.route("/")
@signed_in
def index():
    form = SearchForm(request.args)
    words, page = [], None
    if form.q.data and form.validate():
        words = terms(form.q.data)
        page = search(words, readable_condition(), page_asked())
    status = 422 if form.errors else 200
    return render_template("search/index.html", form=form, words=words, page=page), status
