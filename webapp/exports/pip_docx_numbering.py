"""References for what a Word plan names without them (docs/word-import.md#references): each factor keeps
the reference written before it (E1, I2) when it is of its section's letter and not used twice, and the
others are numbered after the highest, in the order of the document; solutions likewise (S1). Then each
solution's "Factors Addressed" becomes references: those written ("E1, I2", renumbered ones followed), or
the factors its words name ("Heavy snow; vacant posts", "All factors"). Pure."""

from collections.abc import Sequence

from webapp.domain.pips import SOLUTION_PREFIX, FactorKind, reference_number, reference_order

from .pip_docx_cells import factor_refs
from .pip_docx_plan import Notes, ReadFactor, ReadSolution, excerpt
from .pip_docx_words import is_nothing, normalised

_SECTION = {FactorKind.EXTERNAL: "Section 2", FactorKind.INTERNAL: "Section 3"}
_ALL = {"all", "all factors", "all of the above", "all the above", "all above", "all listed"}
_ALL_OF_KIND = {
    FactorKind.EXTERNAL: {"all external", "all external factors", "external factors", "external"},
    FactorKind.INTERNAL: {"all internal", "all internal factors", "internal factors", "internal"},
}
_STOP = {"the", "and", "for", "with", "from", "our", "are", "was", "were", "has", "have", "this", "that", "factor"}
_STOP |= {"factors", "into", "its", "their", "not", "but", "all"}
WELL_MATCHED = 0.5  # the share of a phrase's words a factor's description must hold to be the one it names


def _renumber(items: Sequence[ReadFactor | ReadSolution], prefix_of: dict[int, str]) -> dict[str, str]:
    """Gives each item without a usable reference the next number of its letter. Returns {written: new} for
    the references written but not usable (of the wrong letter, or written twice), when the written one
    names nothing else."""
    used: set[str] = set()
    usable = []
    for index, item in enumerate(items):
        prefix = prefix_of[index]
        ok = item.ref is not None and reference_number(item.ref, prefix) is not None and item.ref not in used
        if ok and item.ref is not None:
            used.add(item.ref)
        usable.append(ok)
    highest: dict[str, int] = {}
    for ref in used:
        prefix = ref[0]
        highest[prefix] = max(highest.get(prefix, 0), reference_number(ref, prefix) or 0)
    renamed: dict[str, str] = {}
    for index, (item, ok) in enumerate(zip(items, usable)):
        if ok:
            continue
        prefix = prefix_of[index]
        highest[prefix] = highest.get(prefix, 0) + 1
        new = f"{prefix}{highest[prefix]}"
        if item.ref is not None and item.ref not in used:
            renamed.setdefault(item.ref, new)
        item.ref = new
    return renamed


def number_factors(factors: list[ReadFactor], solutions: list[ReadSolution], notes: Notes) -> None:
    """References for every factor, then the factors each solution addresses, as references."""
    written = [factor.ref for factor in factors]
    renamed = _renumber(factors, {i: factor.kind.prefix for i, factor in enumerate(factors)})
    numbered: dict[FactorKind, list[str]] = {}
    for factor, ref in zip(factors, written):
        if ref is None:
            numbered.setdefault(factor.kind, []).append(str(factor.ref))
        elif ref != factor.ref:
            notes.assume(_SECTION[factor.kind], f"{ref} is numbered {factor.ref} ({_why(ref, factor, written)})")
    for kind, refs in numbered.items():
        notes.assume(_SECTION[kind], f"factors without a reference are numbered {_span(refs)}")
    for solution in solutions:
        solution.factors = _addressed(solution, factors, renamed, notes)


def _why(ref: str, factor: ReadFactor, written: list[str | None]) -> str:
    if not ref.startswith(factor.kind.prefix):
        return f"an {factor.kind.value} factor's reference starts {factor.kind.prefix}"
    return f"{ref} is written twice" if written.count(ref) > 1 else "not a reference"


def _span(refs: list[str]) -> str:
    return refs[0] if len(refs) == 1 else f"{refs[0]} to {refs[-1]}"


def number_solutions(solutions: list[ReadSolution], notes: Notes) -> None:
    written = [solution.ref for solution in solutions]
    _renumber(solutions, {i: SOLUTION_PREFIX for i in range(len(solutions))})
    fresh = [str(s.ref) for s, ref in zip(solutions, written) if ref is None]
    for solution, ref in zip(solutions, written):
        if ref is not None and ref != solution.ref:
            notes.assume(solution.place, f"{ref} is written twice: numbered {solution.ref}")
    if fresh:
        notes.assume("Section 4", f"solutions without a reference are numbered {_span(fresh)}")


def _addressed(solution: ReadSolution, factors: list[ReadFactor], renamed: dict[str, str], notes: Notes) -> list[str]:
    """The references of the factors a solution's "Factors Addressed" names."""
    text = solution.factors_text
    if not text or is_nothing(text):
        return []
    known = [str(factor.ref) for factor in factors]
    refs, pieces = factor_refs(text)
    found: list[str] = []
    for ref in refs:
        ref = ref if ref in known else renamed.get(ref, ref)
        if ref not in known:
            notes.skip(solution.place, f"Factors Addressed names {ref}, which is no factor of the plan: left out")
        elif ref not in found:
            found.append(ref)
    if refs:
        return sorted(found, key=reference_order)
    for piece in pieces:
        for ref in _named(piece, factors, solution.place, notes):
            if ref not in found:
                found.append(ref)
    found.sort(key=reference_order)
    if found:
        notes.assume(solution.place, f'Factors Addressed "{excerpt(text)}" read as {", ".join(found)}')
    return found


def _named(piece: str, factors: list[ReadFactor], place: str, notes: Notes) -> list[str]:
    """The factors a phrase names: "All factors", "All external", or the one whose description holds most
    of its words ("vacant posts" -> "Two HGV driver posts have been vacant since the summer")."""
    words = normalised(piece)
    if words in _ALL:
        return [str(factor.ref) for factor in factors]
    for kind, phrases in _ALL_OF_KIND.items():
        if words in phrases:
            return [str(factor.ref) for factor in factors if factor.kind is kind]
    wanted = _words(piece)
    scored = sorted(((_share(wanted, _words(factor.description)), str(factor.ref)) for factor in factors), reverse=True)
    if not wanted or not scored or scored[0][0] < WELL_MATCHED:
        notes.skip(place, f'Factors Addressed "{excerpt(piece)}" names no factor of the plan: left out')
        return []
    if len(scored) > 1 and scored[1][0] == scored[0][0]:
        tied = sorted(ref for share, ref in scored if share == scored[0][0])
        notes.skip(place, f'Factors Addressed "{excerpt(piece)}" could be {" or ".join(tied)}: left out')
        return []
    return [scored[0][1]]


def _words(text: str) -> list[str]:
    return [word for word in normalised(text).split() if len(word) > 2 and word not in _STOP]


def _same(word: str, other: str) -> bool:
    """The same word, give or take its ending: "snow" and "snowfall", "vacancies" and "vacant"."""
    if min(len(word), len(other)) >= 5:
        return word[:5] == other[:5]
    return word.startswith(other) or other.startswith(word)


def _share(wanted: list[str], description: list[str]) -> float:
    if not wanted:
        return 0.0
    return sum(1 for word in wanted if any(_same(word, other) for other in description)) / len(wanted)
