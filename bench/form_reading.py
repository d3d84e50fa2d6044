"""A form read off a fragment the way the bench's clients need it, by regular expressions: the same pairs as
`tests.web.page_forms.form_values` (inputs, checked boxes and radios, textareas, selected options) for the
app's own markup, in a tenth of the time. The clients run on the server's two cores, so HTMLParser's
0.3–0.9 ms a form was taken from the server's share (tests/bench/test_benches_run.py compares the two)."""

import re
from html import unescape

_TAG = re.compile(r"<(input|textarea|select|option|/select)\b([^>]*)>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r'([\w:-]+)(?:\s*=\s*"([^"]*)")?')
_TEXTAREA_END = re.compile(r"</textarea>", re.IGNORECASE)


def read_form(html, action):
    """[(name, value), ...] of the first form posting to a URL ending `action`, as a browser would send it."""
    form = _form(html, action)
    values, select = [], None
    position = 0
    while found := _TAG.search(form, position):
        tag, attributes = found.group(1).lower(), _attributes(found.group(2))
        position = found.end()
        name = attributes.get("name")
        if tag == "input" and name:
            kind = attributes.get("type", "text").lower()
            if kind in ("submit", "button") or (kind in ("radio", "checkbox") and "checked" not in attributes):
                continue
            values.append((name, attributes.get("value") or ("on" if kind == "checkbox" else "")))
        elif tag == "textarea" and name:
            end = _TEXTAREA_END.search(form, position)
            text = unescape(form[position : end.start()])
            values.append((name, text[2:] if text.startswith("\r\n") else text[1:] if text.startswith("\n") else text))
            position = end.end()
        elif tag == "select":
            select = name
        elif tag == "/select":
            select = None
        elif tag == "option" and select and "selected" in attributes:
            values.append((select, attributes.get("value", "")))
    return values


def _form(html, action):
    for found in re.finditer(r"<form\b([^>]*)>", html, re.IGNORECASE):
        if (_attributes(found.group(1)).get("action") or "").endswith(action):
            return html[found.end() : html.index("</form>", found.end())]
    raise AssertionError(f"no form posting to …{action} on the page")


def _attributes(text):
    return {name.lower(): unescape(value) if value is not None else "" for name, value in _ATTRIBUTE.findall(text)}
