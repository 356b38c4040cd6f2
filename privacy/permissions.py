"""Who may export and erase whose data (django-rules predicates)."""

from __future__ import annotations

from typing import Any

import rules

from hub.permissions import is_administrator, is_authenticated


@rules.predicate
def is_export_owner(user: Any, export: Any) -> bool:
    return export is not None and getattr(export, "user_id", None) == getattr(user, "pk", None)


@rules.predicate
def is_not_erased(user: Any) -> bool:
    return getattr(user, "erased_at", None) is None


# Only one's own data: nobody, not even an administrator, downloads someone else's export.
can_request_export = is_authenticated & is_not_erased
can_download_export = is_authenticated & is_export_owner
can_erase_own_account = is_authenticated & is_not_erased
# Erasure on request (a letter, a phone call): administrators, in the admin.
can_erase_on_request = is_administrator

rules.add_perm("privacy.add_dataexport", can_request_export)
rules.add_perm("privacy.view_dataexport", can_download_export)
