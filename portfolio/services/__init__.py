"""Every change in portfolios happens in this package, one module per subject:

- `initiatives`: add a promoted submission to its portfolio, change an initiative;
- `status_reports`: report an initiative's status with a traffic light.

Each function checks permission, validates and writes in one transaction; pages, the API and
the admin call these and nothing else. Refusals are `ServiceError`s (`PortfolioError` with a
reason where there is one); bad input is a `ValidationError` with messages per field.
"""

from portfolio.services.initiatives import (
    LEAD_FIELDS,
    InitiativeInput,
    initiative_create,
    initiative_update,
)
from portfolio.services.status_reports import status_report_create

__all__ = [
    "LEAD_FIELDS",
    "InitiativeInput",
    "initiative_create",
    "initiative_update",
    "status_report_create",
]
