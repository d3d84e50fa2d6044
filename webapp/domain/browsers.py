"""Which browser on which system a sign-in came from, in words a person knows (the account page's list of
sign-ins, docs/users-and-permissions.md#your-account), read from the User-Agent header. Only the common
browsers and systems are named; anything else is "Another browser"."""

# Looked for in this order: Edge and Opera also say "Chrome/", Chrome also says "Safari/", and an iPhone's
# Safari says "Mac OS X", an Android phone's "Linux".
_BROWSERS = [
    ("Edg", "Edge"),
    ("OPR/", "Opera"),
    ("Firefox/", "Firefox"),
    ("FxiOS/", "Firefox"),
    ("CriOS/", "Chrome"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
]
_SYSTEMS = [
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Android", "Android"),
    ("Windows", "Windows"),
    ("CrOS", "ChromeOS"),
    ("Mac OS X", "macOS"),
    ("Linux", "Linux"),
]


def browser_words(user_agent: str | None) -> str:
    """ "Firefox on Windows", "Safari on iPhone", "Chrome", "A browser on Linux" or "Another browser"."""
    text = user_agent or ""
    browser = next((name for marker, name in _BROWSERS if marker in text), None)
    system = next((name for marker, name in _SYSTEMS if marker in text), None)
    if browser and system:
        return f"{browser} on {system}"
    if browser:
        return browser
    return f"A browser on {system}" if system else "Another browser"
