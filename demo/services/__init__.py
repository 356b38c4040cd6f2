"""The demo's own writes: removing what the demo made (`wipe`).

Everything the demo creates goes through the apps' services (demo/builder/). Removing it is
the demo's own operation: a real hub never deletes people and their history, so no app has
a service for that; this one only ever touches the demo's people (`@demo…` addresses) and
what they made, in one transaction.
"""

from demo.services.wipe import demo_users, wipe

__all__ = ["demo_users", "wipe"]
