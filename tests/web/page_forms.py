"""Read a form off a page as a browser would submit it, so a test can change a field and press Save.

Only what the tests need: inputs (text, hidden, number, checked radios and checkboxes), textareas and
selects, of the first form whose action ends with the given path.
"""

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self, action):
        super().__init__(convert_charrefs=True)
        self.action = action
        self.inside = False
        self.done = False
        self.values = []
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and not self.done and (attrs.get("action") or "").endswith(self.action):
            self.inside = True
            return
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind in ("radio", "checkbox") and "checked" not in attrs:
                return
            if kind in ("submit", "button"):
                return
            self.values.append([name, attrs.get("value") or ("on" if kind == "checkbox" else "")])
        elif tag == "textarea" and name:
            self._textarea = [name, ""]
            self.values.append(self._textarea)
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.values.append([self._select, attrs.get("value", "")])

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside, self.done = False, True
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data


def form_values(html, action):
    """[(name, value), ...] of the form posting to a URL ending `action`; the textarea's leading newline
    is dropped, as browsers do."""
    reader = _FormReader(action)
    reader.feed(html)
    assert reader.done, f"no form posting to …{action} on the page"
    return [(name, _first_newline_dropped(value)) for name, value in reader.values]


def _first_newline_dropped(value):
    for newline in ("\r\n", "\n"):
        if value.startswith(newline):
            return value[len(newline) :]
    return value


def changed(values, **changes):
    """The form's values with some fields set to new ones (a list replaces every value of that name)."""
    out = [(n, v) for n, v in values if n not in changes]
    for name, value in changes.items():
        out += [(name, v) for v in value] if isinstance(value, list) else [(name, value)]
    return out


def value_of(values, name):
    return next(v for n, v in values if n == name)
