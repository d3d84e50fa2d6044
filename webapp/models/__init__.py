"""peewee models, split by area. Import them from here."""

from .account_tokens import AccountToken
from .base import BaseModel, database, utcnow
from .indicators import Indicator, Score, Target
from .meetings import Body, CommitteeSeat, Meeting
from .notifications import Notice, NotificationPreference, OutboxMail, SentReminder
from .papers import AgendaItem, AgendaPip, ReferralDecision, RiskRow
from .papers_versions import PapersVersion, PresentedPlan, PublishedPdf
from .people import Directorate, Service, SignInSession, User, UserRole, UserService
from .pips import Factor, ManagementComment, Pip, PipChange, ProgressUpdate, Solution, SolutionDecision, SolutionFactor
from .schema import SchemaVersion
from .sign_in_attempts import SignInAttempt
from .standings import Standing

# In dependency order: create_tables needs it, drop_tables reverses it.
ALL_MODELS = [
    SchemaVersion,
    Directorate,
    Service,
    User,
    UserRole,
    UserService,
    SignInSession,
    SignInAttempt,
    Body,
    Meeting,
    CommitteeSeat,
    Indicator,
    Target,
    Score,
    Standing,
    Pip,
    Factor,
    Solution,
    SolutionFactor,
    ManagementComment,
    SolutionDecision,
    ProgressUpdate,
    PipChange,
    AgendaItem,
    AgendaPip,
    ReferralDecision,
    PapersVersion,
    PresentedPlan,
    PublishedPdf,
    RiskRow,
    NotificationPreference,
    OutboxMail,
    Notice,
    SentReminder,
    AccountToken,
]

__all__ = [m.__name__ for m in ALL_MODELS] + ["ALL_MODELS", "BaseModel", "database", "utcnow"]
