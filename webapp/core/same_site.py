"""Where a user is sent back to after signing in: only ever a page of this site."""

import re
from urllib.parse import urlsplit

from flask import request, url_for
from werkzeug.urls import iri_to_uri

# What a browser does to a URL before reading it (WHATWG URL standard): tab, CR and LF vanish
# wherever they are; C0 controls and spaces at either end are trimmed; "\" reads as "/".
_TAB_CR_LF = re.compile("[\t\r\n]")
_C0_AND_SPACE = "".join(map(chr, range(0x21)))


def same_site_path(target):
    """`target` as a path on this site, read as a browser would read it; None for anything else,
    such as //elsewhere.example, /<tab>/elsewhere.example or https://elsewhere.example."""
    path = _TAB_CR_LF.sub("", target or "").strip(_C0_AND_SPACE).replace("\\", "/")
    parts = urlsplit(path)
    if parts.scheme or parts.netloc or not path.startswith("/") or path.startswith("//"):
        return None
    return iri_to_uri(path)  # what is left is sent percent-encoded: no control character reaches a header


def page_sent_from():
    """The page of this site the request's form was sent from, by the browser's Referer (which the
    Referrer-Policy header keeps to this site); the home page when there is none or it is elsewhere."""
    sent_from = urlsplit(request.referrer or "")
    if sent_from.netloc != request.host:
        return url_for("home.index")
    return same_site_path(sent_from._replace(scheme="", netloc="", fragment="").geturl()) or url_for("home.index")
