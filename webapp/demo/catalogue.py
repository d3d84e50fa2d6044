"""The demo council's fifteen performance indicators and the story each one's scores tell.

`targets` run oldest first over the last three financial years and the current one. `ending` is
(previous, latest) score as positions in tolerance bands from the latest score's target, good side
positive (see series.at_position): that pins the latest RAG and direction of travel whatever day the
data is loaded on, while the trend, `season` and `noise` draw the three years before.
"""

from dataclasses import dataclass

from webapp.domain.periods import Frequency
from webapp.domain.rating import Polarity, ToleranceKind
from webapp.domain.units import Level, Unit

HIGHER, LOWER = Polarity.HIGHER_IS_BETTER, Polarity.LOWER_IS_BETTER
MONTHLY, QUARTERLY, ANNUAL = Frequency.MONTHLY, Frequency.QUARTERLY, Frequency.ANNUAL
CORPORATE, SERVICE = Level.CORPORATE, Level.SERVICE
ENGLAND, NEIGHBOURS = "England average", "Nearest neighbours median"


@dataclass(frozen=True)
class Pi:
    code: str
    name: str
    description: str
    service: str
    polarity: Polarity
    unit: Unit
    places: int
    frequency: Frequency
    level: Level
    targets: tuple
    rationale: str
    start: float
    knots: tuple = ()
    finish: float = None  # where the trend ends when no `ending` pins it
    ending: tuple = None
    season: str = None
    amplitude: float = 0.0
    noise: float = 0.0
    tolerance: float = 10.0
    tolerance_kind: ToleranceKind = ToleranceKind.RELATIVE
    benchmark: tuple = None  # (value, label)
    stretch: float = None  # for the current year
    periods: int = None  # fewer than three years' worth: a new PI
    notes: tuple = ()  # (periods before the latest, note)


INDICATORS = [
    Pi(
        "WR01",
        "Household waste collected on time",
        "Percentage of scheduled household collections (refuse, recycling and garden waste) made on the scheduled day.",
        "Waste and Recycling",
        HIGHER,
        Unit.PERCENT,
        1,
        MONTHLY,
        CORPORATE,
        (97.5, 98.0, 98.0, 98.0),
        "Held at 98% to match the upper quartile of our nearest neighbours; residents' survey puts "
        "reliable collections first.",
        start=98.4,
        knots=((0.7, 97.9),),
        ending=(-1.6, -2.4),
        season="winter",
        amplitude=-1.5,
        noise=0.4,
        tolerance=2.0,
        tolerance_kind=ToleranceKind.ABSOLUTE,
        notes=(
            (0, "Two HGV driver posts vacant; agency cover on three rounds."),
            (1, "Vehicle breakdowns on the north rounds: two refuse vehicles off the road for a week."),
        ),
    ),
    Pi(
        "WR02",
        "Percentage of household waste sent for reuse, recycling and composting",
        "Tonnage of household waste sent for reuse, recycling or composting as a percentage of all household "
        "waste collected (former NI 192).",
        "Waste and Recycling",
        HIGHER,
        Unit.PERCENT,
        1,
        QUARTERLY,
        CORPORATE,
        (48.0, 49.0, 50.0, 50.0),
        "Stepping towards the national 55% ambition as food waste collections roll out.",
        start=47.2,
        knots=((0.5, 46.5),),
        ending=(-0.6, -0.3),
        season="garden",
        amplitude=3.5,
        noise=0.6,
        benchmark=(41.7, ENGLAND),
    ),
    Pi(
        "WR03",
        "Missed bins per 100,000 collections",
        "Reported missed collections, validated by the crew, per 100,000 scheduled collections.",
        "Waste and Recycling",
        LOWER,
        Unit.NUMBER,
        0,
        MONTHLY,
        SERVICE,
        (60, 55, 50, 50),
        "Reduced each year as in-cab technology beds in; 50 is the best of our nearest neighbours.",
        start=58,
        knots=((0.6, 47),),
        ending=(-0.2, -0.7),
        season="winter",
        amplitude=8,
        noise=3,
        benchmark=(62, NEIGHBOURS),
    ),
    Pi(
        "PL01",
        "Percentage of major planning applications determined within 13 weeks",
        "Major applications decided within 13 weeks or an agreed extension of time, as a percentage of all "
        "major applications decided in the quarter.",
        "Planning and Building Control",
        HIGHER,
        Unit.PERCENT,
        1,
        QUARTERLY,
        CORPORATE,
        (80.0, 80.0, 80.0, 80.0),
        "Well above the 60% designation threshold; in line with the council's growth ambitions.",
        start=86,
        knots=((0.55, 72),),
        ending=(0.2, 0.6),
        noise=4,
        benchmark=(88.0, ENGLAND),
    ),
    Pi(
        "PL02",
        "Percentage of minor planning applications determined within 8 weeks",
        "Minor applications decided within 8 weeks or an agreed extension of time.",
        "Planning and Building Control",
        HIGHER,
        Unit.PERCENT,
        1,
        MONTHLY,
        SERVICE,
        (80.0, 82.0, 85.0, 85.0),
        "Raised to the England average over two years as the new planning portal takes effect.",
        start=83,
        ending=(-0.6, -0.3),
        season="holidays",
        amplitude=-2,
        noise=2.5,
        benchmark=(85.0, ENGLAND),
        notes=((0, "Two planning officers started in the month; backlog of 40 minor applications."),),
    ),
    Pi(
        "EH01",
        "Food premises inspections completed on time",
        "Programmed food hygiene inspections carried out by the date the Food Law Code of Practice requires, "
        "as a percentage of those due.",
        "Environmental Health",
        HIGHER,
        Unit.PERCENT,
        1,
        MONTHLY,
        SERVICE,
        (90.0, 92.0, 95.0, 95.0),
        "Food Standards Agency recovery plan: back to the full programme.",
        start=84,
        knots=((0.5, 93),),
        ending=(0.2, 0.3),
        noise=2,
    ),
    Pi(
        "EH02",
        "Private rented homes made safer by council intervention",
        "Private rented homes where category 1 or 2 hazards were removed after council intervention. "
        "New indicator: a target will be set once a full year's baseline has been collected.",
        "Environmental Health",
        HIGHER,
        Unit.NUMBER,
        0,
        QUARTERLY,
        SERVICE,
        (),
        "",
        start=14,
        finish=23,
        noise=3,
        periods=5,
        notes=((4, "First quarter of collection."),),
    ),
    Pi(
        "HS01",
        "Average days to re-let council homes",
        "Average calendar days from a general needs council home becoming empty to the new tenancy starting "
        "(key to key), excluding major works voids.",
        "Housing",
        LOWER,
        Unit.DAYS,
        1,
        MONTHLY,
        CORPORATE,
        (30.0, 28.0, 28.0, 28.0),
        "Upper quartile of HouseMark's district council peer group.",
        start=31.5,
        knots=((0.5, 26.5), (0.8, 27.5)),
        ending=(-0.3, -0.8),
        season="winter",
        amplitude=2,
        noise=1.2,
        benchmark=(35.0, NEIGHBOURS),
    ),
    Pi(
        "HS02",
        "Number of households in temporary accommodation",
        "Households in temporary accommodation arranged by the council on the last day of the month.",
        "Housing",
        LOWER,
        Unit.NUMBER,
        0,
        MONTHLY,
        CORPORATE,
        (40, 45, 55, 60),
        "Demand-led: set each year from the homelessness strategy's forecast of need.",
        start=38,
        knots=((0.5, 55),),
        ending=(-2.2, -2.6),
        season="winter",
        amplitude=2,
        noise=2,
        notes=((0, "Includes 12 households in bed and breakfast."),),
    ),
    Pi(
        "HS03",
        "Percentage of homelessness cases prevented or relieved",
        "Cases closed in the quarter where homelessness was prevented or relieved, as a percentage of all "
        "prevention and relief cases closed.",
        "Housing",
        HIGHER,
        Unit.PERCENT,
        1,
        QUARTERLY,
        SERVICE,
        (55.0, 55.0, 57.5, 60.0),
        "Homelessness strategy action plan: raised as the prevention fund grows.",
        start=53,
        knots=((0.6, 58),),
        ending=(0.1, 0.4),
        noise=2,
        benchmark=(52.0, ENGLAND),
    ),
    Pi(
        "LC01",
        "Leisure centre visits",
        "Visits to the council's three leisure centres and the lido, counted at the turnstiles.",
        "Leisure and Culture",
        HIGHER,
        Unit.NUMBER,
        0,
        MONTHLY,
        SERVICE,
        (40000, 42000, 44000, 45000),
        "The leisure contract's growth profile.",
        start=38500,
        knots=((0.5, 44000),),
        ending=(0.5, 0.15),
        season="leisure",
        amplitude=4000,
        noise=900,
        stretch=48000,
    ),
    Pi(
        "LC02",
        "Subsidy per leisure centre visit",
        "Net council subsidy to the leisure contract divided by the number of visits in the quarter.",
        "Leisure and Culture",
        LOWER,
        Unit.CURRENCY,
        2,
        QUARTERLY,
        SERVICE,
        (1.45, 1.35, 1.25, 1.20),
        "Medium-term financial strategy: the subsidy falls as visits grow.",
        start=1.52,
        ending=(0.3, 0.5),
        noise=0.04,
    ),
    Pi(
        "RB01",
        "Average days to process new Housing Benefit claims",
        "Average calendar days from receiving a new Housing Benefit claim to deciding it (DWP SHBE measure).",
        "Revenues and Benefits",
        LOWER,
        Unit.DAYS,
        1,
        MONTHLY,
        CORPORATE,
        (20.0, 20.0, 18.0, 18.0),
        "Just better than the England average; achieved for two years before the system migration.",
        start=19.5,
        knots=((0.55, 17.2), (0.62, 17.5), (0.8, 27.0)),
        ending=(-2.6, -2.1),
        season="benefits",
        amplitude=2.5,
        noise=0.9,
        benchmark=(19.0, ENGLAND),
        notes=(
            (0, "Backlog from the benefits system migration down to 140 claims."),
            (10, "New benefits system went live; two weeks of processing lost to data migration."),
        ),
    ),
    Pi(
        "RB02",
        "Council tax collection rate",
        "Council tax collected in the financial year as a percentage of the net collectable debit.",
        "Revenues and Benefits",
        HIGHER,
        Unit.PERCENT,
        2,
        ANNUAL,
        CORPORATE,
        (97.0, 97.2, 97.4, 97.5),
        "Upper quartile for shire districts.",
        start=96.9,
        ending=(0.4, 0.1),
        noise=0.1,
        tolerance=1.0,
        benchmark=(95.9, ENGLAND),
        stretch=97.8,
    ),
    Pi(
        "RB03",
        "Ratio of Housing Benefit overpayments recovered to overpayments raised",
        "Overpayments recovered in the quarter divided by new overpayments raised in the quarter.",
        "Revenues and Benefits",
        HIGHER,
        Unit.RATIO,
        2,
        QUARTERLY,
        SERVICE,
        (0.85, 0.85, 0.90, 0.90),
        "Recover at least nine pounds for every ten raised, as agreed with the external auditor.",
        start=0.82,
        knots=((0.5, 0.88),),
        ending=(0.2, 0.4),
        noise=0.04,
    ),
]

# The target a committee amended mid-year, on referral from the Audit and Performance Committee.
TARGET_CHANGE = {
    "code": "PL01",
    "value": 70.0,
    "reason": "Referred by the Audit and Performance Committee. Two senior planning officer posts are "
    "vacant and the Local Plan examination has delayed several major schemes. The Development "
    "Committee resolved to amend the target to 70% from 1 October for the rest of the year.",
}
