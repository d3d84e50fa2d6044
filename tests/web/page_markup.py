"""What every page's markup owes the Content Security Policy (docs/users-and-permissions.md#security-headers) and
assistive technology: no inline script or style, each id used once, and a label for every input a person fills in."""

import re


def assert_no_inline_script_or_style(html, url):
    assert " style=" not in html and "<style" not in html, url
    assert not re.search(r"<script(?![^>]*\bsrc=)", html), url


def assert_every_input_labelled(html, url):
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), url
    for tag in re.findall(r"<(?:input|select|textarea)[^>]*>", html):
        if 'type="hidden"' not in tag:
            input_id = re.search(r' id="([^"]+)"', tag).group(1)
            assert f'for="{input_id}"' in html, (url, tag)
