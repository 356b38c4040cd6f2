"""Every change the privacy app makes, one module per subject:

- `exports`: asking for one's data, building the ZIP in the background, removing old ones;
- `erasure`: deleting an account by the registry, refused while any app has a reason.
"""

from privacy.services.erasure import account_erase, erasure_blockers_of
from privacy.services.exports import (
    export_build,
    export_request,
    exports_delete,
    exports_expire,
)

__all__ = [
    "account_erase",
    "erasure_blockers_of",
    "export_build",
    "export_request",
    "exports_delete",
    "exports_expire",
]
