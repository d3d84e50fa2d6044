"""Score series that look like a council's: a trend, seasonality and noise, ending where the story
needs them to. Pure functions of their arguments and a seeded random.Random."""

from webapp.domain.rating import Polarity, Tolerance, ToleranceKind, rounded, to_decimal
from webapp.domain.units import Unit

# How far a month sits from the year's average, from -1 to 1, January first.
SEASONS = {
    # snow, ice and Christmas catch-up rounds; more complaints and voids in the dark months
    "winter": (1.0, 0.7, 0.2, 0.0, -0.2, -0.3, -0.3, -0.2, 0.0, 0.1, 0.3, 0.8),
    # garden waste: the recycling rate rises with the growing season
    "garden": (-1.0, -0.8, -0.3, 0.3, 0.8, 1.0, 1.0, 0.8, 0.5, 0.0, -0.5, -0.9),
    # New Year resolutions and the school holidays fill the leisure centres; December empties them
    "leisure": (1.0, 0.5, 0.3, 0.0, -0.1, -0.3, 0.1, 0.4, 0.2, 0.0, -0.2, -1.0),
    # annual uprating and year-end work in April; Christmas leave in December
    "benefits": (0.3, 0.1, 0.4, 1.0, 0.6, 0.1, -0.2, -0.1, -0.3, -0.3, -0.2, 0.2),
    # officers' summer and Christmas leave slow decisions down
    "holidays": (0.3, -0.1, -0.2, -0.2, -0.3, -0.1, 0.4, 1.0, 0.3, -0.3, -0.4, 0.6),
}


def band(target, tolerance, kind):
    """The amber band, as webapp.domain.rating draws it."""
    return float(Tolerance(to_decimal(tolerance), ToleranceKind(kind)).band(to_decimal(target)))


def at_position(position, target, width, polarity):
    """A value `position` bands from the target, on the good side when positive: 0.5 is Green,
    -0.5 Amber, -1.5 Red, whichever way the PI's polarity runs."""
    sign = 1 if Polarity(polarity) is Polarity.HIGHER_IS_BETTER else -1
    return target + sign * position * width


def seasonal(period_end, months, profile):
    """The profile's value for a period, averaged over the months it covers."""
    if profile is None or months >= 12:
        return 0.0
    covered = [(period_end.month - 1 - k) % 12 for k in range(months)]
    return sum(SEASONS[profile][m] for m in covered) / months


def trend(fraction, knots):
    """Piecewise linear through (fraction, value) knots sorted by fraction, 0 to 1."""
    for (x0, y0), (x1, y1) in zip(knots, knots[1:]):
        if fraction <= x1:
            return y0 + (y1 - y0) * ((fraction - x0) / (x1 - x0) if x1 > x0 else 1.0)
    return knots[-1][1]


def clamp(value, unit):
    value = max(value, 0.0)
    return min(value, 100.0) if Unit(unit) is Unit.PERCENT else value


def generate(
    rng,
    period_ends,
    months,
    *,
    start,
    knots=(),
    finish,
    season=None,
    amplitude=0.0,
    noise=0.0,
    pinned=(),
    places=1,
    unit=Unit.NUMBER,
):
    """One value per period end: trend from `start` through `knots` to `finish`, plus seasonality
    (`amplitude` times the profile) and Gaussian noise; the last values are replaced by `pinned`."""
    count = len(period_ends)
    points = [(0.0, start), *knots, (1.0, finish)]
    values = []
    for index, day in enumerate(period_ends):
        fraction = index / (count - 1) if count > 1 else 1.0
        jitter = rng.gauss(0.0, noise) if noise else 0.0  # drawn every time: the sequence never shifts
        values.append(trend(fraction, points) + amplitude * seasonal(day, months, season) + jitter)
    if pinned:
        values[-len(pinned) :] = pinned
    return [rounded(clamp(value, unit), places) for value in values]  # exact Decimals, as scores are kept
