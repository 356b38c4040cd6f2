# syntax=docker/dockerfile:1
# Samhällshubben: one image for the Daphne workers and the one-shot `migrate` job of
# docker-compose.yml. Build: docker build -t samhallshubben .  See docs/deployment.md.

# --- Message catalogues: compile .po to .mo where gettext is, not in the runtime image ----
FROM python:3.13-slim AS messages
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN find . -name '*.po' -not -path '*/node_modules/*' \
        -exec sh -c 'msgfmt --check-format -o "${1%.po}.mo" "$1"' _ {} \;

# --- Runtime ---------------------------------------------------------------------------
FROM python:3.13-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=hub.settings.production \
    HUB_DATA_DIR=/var/lib/samhallshubben \
    STATIC_ROOT=/srv/static \
    MEDIA_ROOT=/srv/media

WORKDIR /app
# Dependencies first: this layer is rebuilt only when the pins change.
COPY requirements/base.txt requirements/base.txt
RUN pip install -r requirements/base.txt

# An unprivileged user owns only what the hub writes: uploads, collected static files and
# the data directory. The code stays root-owned and read-only to the process.
RUN groupadd --system --gid 10001 hub \
    && useradd --system --uid 10001 --gid hub --home-dir /app --no-create-home \
        --shell /usr/sbin/nologin hub \
    && mkdir -p /var/lib/samhallshubben /srv/static /srv/media \
    && chown hub:hub /var/lib/samhallshubben /srv/static /srv/media
COPY --from=messages /src /app
# The static files and their manifest, which production pages need (the hub refuses to start
# without it). Collecting needs production settings, so a throwaway key just for this step;
# docker-compose.yml's migrate job collects them again into the shared volume.
RUN SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(64))')" \
        python manage.py collectstatic --noinput \
    && chown -R hub:hub /srv/static

USER hub
EXPOSE 8000
# One Daphne process per container (HTTP and WebSocket). --proxy-headers: the client's
# address comes from nginx's X-Forwarded-For. Scale out with more containers.
# A handshake may wait for the database when a whole room connects at once: Daphne drops
# the ones not accepted within its default 5 s.
CMD ["daphne", "-b", "0.0.0.0", "-p", "8000", "--proxy-headers", "--websocket_connect_timeout", "30", "hub.asgi:application"]
