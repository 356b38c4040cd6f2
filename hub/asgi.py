"""ASGI entry point: HTTP through Django, WebSockets through Channels (see realtime/)."""

import gc
import os
import sys

from django.conf import settings
from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings.production")
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from common.checks import require_static_manifest  # noqa: E402
from common.daphne import leave_bodies_to_django  # noqa: E402
from hub.routing import websocket_urlpatterns  # noqa: E402

# Without collectstatic every page would answer 500: fail at start instead, saying so.
require_static_manifest()
leave_bodies_to_django()  # a body Twisted cannot parse reaches Django (common/daphne.py)

if settings.GIL_SWITCH_INTERVAL > 0:
    # Shorter turns between the socket loop and the database thread (see the setting).
    sys.setswitchinterval(settings.GIL_SWITCH_INTERVAL)

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
        ),
    }
)

# What was loaded at start-up lives as long as the process: keep the garbage collector from
# walking it again on every full collection (those took 60-70 ms mid-workshop). Start-up's
# own garbage goes first, so that it is not kept for good.
gc.collect()
gc.freeze()
