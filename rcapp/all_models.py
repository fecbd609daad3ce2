"""Import every model module so that Base.metadata knows all tables (for Alembic)."""

from rcapp.accounts import models as accounts_models
from rcapp.assessments import models as assessments_models
from rcapp.assessments import recognition_models
from rcapp.audit import models as audit_models
from rcapp.benchmarks import models as benchmarks_models
from rcapp.cycles import models as cycles_models
from rcapp.mail import models as mail_models
from rcapp.organisations import models as organisations_models
from rcapp.reports import models as reports_models
from rcapp.reviews import models as reviews_models

__all__ = [
    "accounts_models",
    "assessments_models",
    "audit_models",
    "benchmarks_models",
    "cycles_models",
    "mail_models",
    "organisations_models",
    "recognition_models",
    "reports_models",
    "reviews_models",
]
