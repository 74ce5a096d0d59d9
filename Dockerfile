# The image that docker-compose.yml runs as web, worker and beat.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_MEDIA_ROOT=/app/media

WORKDIR /app

# Exactly the versions and hashes of the lock, nothing resolved at build time.
COPY requirements.lock ./
RUN pip install --require-hashes --no-deps -r requirements.lock

COPY . .

# Static files are part of the image. The settings refuse to load without a secret key, and
# without DATABASE_URL they would start the embedded PostgreSQL: give them throwaway values.
RUN DJANGO_DEBUG=0 \
    DJANGO_SECRET_KEY=collectstatic-at-build-time-only-never-used-to-sign-anything \
    DATABASE_URL=postgres://build@localhost/build \
    python manage.py collectstatic --noinput

# The code stays owned by root and read-only to the site; only uploads are writable.
RUN useradd --system --uid 10001 --user-group --no-create-home popsote \
    && mkdir -p /app/media \
    && chown popsote:popsote /app/media
USER popsote

EXPOSE 8000
CMD ["gunicorn", "popsote.wsgi", "--bind", "0.0.0.0:8000", "--no-control-socket"]
