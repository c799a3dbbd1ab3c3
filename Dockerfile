# LiveCoach worker image. State (the SQLite database) lives in /app/data: mount a
# volume there. Everything else (code, catalogue, tips, migrations) is in the image,
# so a newer image on an old volume migrates the database at start-up.
FROM python:3.12-slim AS build
WORKDIR /src
COPY pyproject.toml README.md constraints.txt ./
COPY bot ./bot
COPY cogs ./cogs
RUN pip wheel --no-cache-dir --no-deps --wheel-dir /wheels .

FROM python:3.12-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DATABASE_PATH=/app/data/livecoach.db
COPY --from=build /wheels /wheels
COPY constraints.txt /tmp/constraints.txt
# uid 1000 as in earlier images, so an existing volume stays writable.
RUN pip install --no-cache-dir -c /tmp/constraints.txt /wheels/*.whl \
    && rm -rf /wheels /tmp/constraints.txt \
    && useradd --uid 1000 --create-home --home-dir /home/livecoach livecoach \
    && mkdir -p /app/data && chown livecoach /app/data
WORKDIR /app
USER livecoach
VOLUME ["/app/data"]
# Healthy while the gateway is connected (a heartbeat file written every 15 s).
HEALTHCHECK --interval=60s --timeout=10s --start-period=120s --retries=3 CMD ["python", "-m", "bot", "health"]
CMD ["python", "-m", "bot"]
