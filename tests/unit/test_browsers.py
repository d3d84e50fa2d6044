"""A sign-in's browser in words (webapp/domain/browsers.py), from the User-Agent headers browsers send."""

import pytest

from webapp.domain.browsers import browser_words

WINDOWS_FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"
WINDOWS_EDGE = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0"
)
MAC_CHROME = (
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
IPHONE_SAFARI = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/18.1 Mobile/15E148 Safari/604.1"
)
ANDROID_CHROME = (
    "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36"
)


@pytest.mark.parametrize(
    "user_agent, words",
    [
        (WINDOWS_FIREFOX, "Firefox on Windows"),
        (WINDOWS_EDGE, "Edge on Windows"),
        (MAC_CHROME, "Chrome on macOS"),
        (IPHONE_SAFARI, "Safari on iPhone"),
        (ANDROID_CHROME, "Chrome on Android"),
        ("Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/133.0", "Firefox on Linux"),
        ("curl/8.5.0", "Another browser"),
        ("Mozilla/5.0 (X11; Linux x86_64) SomethingNew/1.0", "A browser on Linux"),
        ("", "Another browser"),
        (None, "Another browser"),
    ],
)
def test_a_browser_in_words(user_agent, words):
    assert browser_words(user_agent) == words
