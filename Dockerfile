# Production image: one image for web, worker and beat (see docker-compose.yml).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_ENV=production

RUN apt-get update \
    && apt-get install -y --no-install-recommends libpq5 libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 1000 hub

WORKDIR /app
COPY pyproject.toml README.md ./
COPY hub/__init__.py hub/__init__.py
RUN pip install --upgrade pip && pip install .
COPY . .
RUN pip install --no-deps . \
    && SECRET_KEY=collectstatic ALLOWED_HOSTS=localhost DATABASE_URL=postgres://x@localhost/x \
       python manage.py collectstatic --no-input \
    && chown -R hub:hub /app

USER hub
EXPOSE 8000
CMD ["gunicorn", "hub.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--threads", "4", "--access-logfile", "-"]
