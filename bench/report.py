"""One way for every benchmark to print a budget: what was measured, the figure, the floor it is
compared with, and the ratio against the budget (docs/quality.md: budgets are ratios within one run).

    budget_line("Trivial page vs bare Flask", 0.61, 0.22, "ms", most=3.0)
    → Trivial page vs bare Flask: 0.61 ms against 0.22 ms = 2.77x (budget ≤ 3.0x) ok

`most` is an upper bound on the ratio, `least` a lower bound (throughput). Lines are collected in
RESULTS, so `python -m bench` ends with a summary of every budget and whether it was met.
"""

RESULTS = []


def budget_line(what, figure, floor, unit, most=None, least=None):
    ratio = figure / floor if floor else float("inf")
    met = (most is None or ratio <= most) and (least is None or ratio >= least)
    bound = f"≤ {most}x" if most is not None else f"≥ {least}x"
    verdict = "ok" if met else "OVER"
    line = f"{what}: {figure:.2f} {unit} against {floor:.2f} {unit} = {ratio:.2f}x (budget {bound}) {verdict}"
    RESULTS.append((line, met))
    print(line, flush=True)
    return ratio


def count_line(what, count, most):
    """A budget that is a count, not a ratio: SQL statements a row action sends."""
    met = count <= most
    line = f"{what}: {count} (budget ≤ {most}) {'ok' if met else 'OVER'}"
    RESULTS.append((line, met))
    print(line, flush=True)
    return count


def absolute_line(what, figure, unit, most):
    """A quiet-machine figure: printed beside the ratios, met or not."""
    met = figure <= most
    line = f"{what}: {figure:.2f} {unit} (quiet-machine budget ≤ {most} {unit}) {'ok' if met else 'over'}"
    RESULTS.append((line, met))
    print(line, flush=True)
    return figure


def summary():
    if not RESULTS:
        return
    print("\nSummary of budgets:")
    for line, met in RESULTS:
        print(("  " if met else "! ") + line)
