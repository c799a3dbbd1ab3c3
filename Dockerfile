# LiveCoach worker image. Mount a volume on /app/data to keep the database.
FROM python:3.12-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY cogs ./cogs
COPY data ./data
RUN pip install --no-cache-dir -e . && useradd --create-home livecoach && chown -R livecoach /app/data
USER livecoach
VOLUME ["/app/data"]
CMD ["python", "-m", "bot"]
