"""The search box (docs/search.md): what the person typed, read from the query string."""

from flask_wtf import FlaskForm

from forms.core.fields import text_field
from webapp.domain.search import MAX_QUERY_LENGTH


class SearchForm(FlaskForm):
    """A GET form (the header's box and the search page's), so no CSRF token: it only reads."""

    class Meta:
        csrf = False

    q = text_field("Search", MAX_QUERY_LENGTH, required=False)
