"""The words of a committee report (docs/meetings-and-papers.md#the-committee-papers, in the style of the council's
cover reports): its
numbered sections in order, the text each starts with, and appendix letters."""

from string import ascii_uppercase

# (key, heading) in the order a council report numbers them. "appendices" is written from the
# PIPs on the agenda; every other section holds text the clerk can edit.
REPORT_SECTIONS = (
    ("purpose", "Purpose of Report"),
    ("executive_summary", "Executive Summary"),
    ("appendices", "Appendices"),
    ("proposed_action", "Proposed Action"),
    ("background", "Background"),
    ("discussion", "Discussion"),
    ("legal_powers", "Legal Powers"),
    ("financial", "Financial and Value For Money Implications"),
    ("risk", "Risk Analysis"),
    ("resources", "Implications for Resources"),
    ("communities", "Implications for Stronger and Safer Communities"),
    ("equalities", "Implications for Equalities"),
    ("contact", "Author and Contact Officer"),
    ("consultees", "Consultees"),
    ("background_papers", "Background Papers"),
)

# The sections the clerk writes, in order ("appendices" and "contact" are made from other fields).
EDITABLE_SECTIONS = tuple(key for key, _ in REPORT_SECTIONS if key not in ("appendices", "contact"))

DEFAULT_TITLE = "Performance Improvement Plans"
DEFAULT_REPORT_OF = "Head of Performance"

DEFAULT_TEXT = {
    "purpose": "This report presents the Performance Improvement Plans for performance indicators that are "
    "below target, so that the committee can scrutinise the reasons and the proposed solutions.",
    "executive_summary": "Where performance is below target, Heads of Service are called to account through "
    "Performance Improvement Plans. Each plan sets out the internal and external factors "
    "affecting performance, the solutions proposed and the comments of senior management. "
    "The plans are summarised in the table that follows, on a page of its own, and attached as appendices.",
    "proposed_action": "The committee is invited to RESOLVE to note the Performance Improvement Plans "
    "attached as appendices to this report.",
    "background": "It is the role of the Audit and Performance Committee to scrutinise the performance of the "
    "council against its targets. Where it feels that a target is unachievable with the current "
    "resources it may refer the matter to the relevant policy committee.",
    "discussion": "Each plan sets out the factors, internal to the council and from outside, that are preventing "
    "the target being reached, and the solutions proposed to overcome them. Where the committee considers "
    "a target no longer achievable with the resources available, it may refer the plan to the relevant "
    "policy committee.",
    "legal_powers": "Section 111 of the Local Government Act 1972 gives the council the power to do anything "
    "which is calculated to facilitate, or is conducive or incidental to, the discharge of any "
    "of its functions.",
    "financial": "The efficient use of resources is a fundamental requirement for providing value for money. "
    "Any solution that seeks extra funding is shown in its plan.",
    "risk": "This table needs to be completed for any report setting out a proposed course of action that "
    "entails risks at the outset of the project or if the risks change along the way.",
    "resources": "Delivering performance at target levels should lead to efficiencies.",
    "communities": "Delivering performance at target levels should make the council's work for safer and "
    "stronger communities more effective.",
    "equalities": "Delivering performance at target levels should result in better outcomes for all the "
    "people and communities the council serves.",
    "consultees": "Corporate Management Team",
    "background_papers": "Service plans\nPerformance records",
}

# The Risk Analysis table's columns (docs/meetings-and-papers.md#cover-report), and how likely a risk is.
RISK_COLUMNS = ("Nature of risk", "Consequences if realised", "Likelihood of occurrence", "Control measures")
LIKELIHOODS = ("Low", "Medium", "High")
# The rows a new cover report starts with: (nature, consequences, likelihood, control measures).
DEFAULT_RISKS = (
    (
        "Performance targets not achieved",
        "Services not delivered in time or to the required quality",
        "Medium",
        "Regular scrutiny of performance data by senior officers and Members",
    ),
    (
        "Performance targets not appropriate",
        "Either too little or too many resources are allocated to a service",
        "Low",
        "Regular scrutiny of performance data by senior officers and Members",
    ),
)
# Sections printed as a list, a line for each entry, not as numbered paragraphs.
LISTED_SECTIONS = ("consultees", "background_papers")


def appendix_letter(position: int) -> str:
    """A, B, ... Z, then AA, AB, ... for the PIP at `position` (0-based) on the agenda."""
    if position < 0:
        raise ValueError("position must not be negative")
    letters = ""
    position += 1
    while position:
        position, remainder = divmod(position - 1, 26)
        letters = ascii_uppercase[remainder] + letters
    return letters


def numbered_paragraphs(section_number: int, text: str) -> list[tuple[str, str]]:
    """The paragraphs of a section's text, numbered as a council report numbers them:
    [("1.1", "First paragraph"), ("1.2", "Second")]. Paragraphs are separated by blank lines."""
    paragraphs = [" ".join(part.split()) for part in text.replace("\r\n", "\n").split("\n\n")]
    return [(f"{section_number}.{n}", p) for n, p in enumerate((p for p in paragraphs if p), 1)]


def listed_lines(text: str) -> list[str]:
    """A listed section's entries (Consultees, Background Papers): one a line, blank lines left out."""
    lines = (" ".join(line.split()) for line in text.replace("\r\n", "\n").split("\n"))
    return [line for line in lines if line]
