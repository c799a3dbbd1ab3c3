"""Logging set-up: one handler on the root logger, credentials removed from every line.

Redaction happens in the formatter, after the message, its arguments, the
traceback and the stack are rendered, so nothing escapes it at any level
(discord.py's DEBUG lines carry request URLs and gateway payloads). What is
removed: the bot token, and every interaction or webhook token — a 15-minute
credential that lets anyone answer or edit as the bot — wherever it appears in a
URL (``/interactions/<id>/<token>``, ``/webhooks/<id>/<token>``) or as a
``token`` field of a payload.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from datetime import UTC, datetime

REDACTED = "[redacted]"

# Discord tokens are URL-safe base64 and dots; webhook and interaction tokens are long.
_TOKEN_CHARS = r"[A-Za-z0-9_\-.~%]+"
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(rf"(/interactions/\d+/){_TOKEN_CHARS}"), rf"\g<1>{REDACTED}"),
    (re.compile(rf"(/webhooks/\d+/){_TOKEN_CHARS}"), rf"\g<1>{REDACTED}"),
    # "token": "…" in JSON, 'token': '…' in a logged dict, token=… in a repr.
    (re.compile(r"""(['"]?\btoken['"]?\s*[:=]\s*['"]?)(?!\[redacted\])[^'"\s,}]+"""), rf"\g<1>{REDACTED}"),
    (re.compile(r"(\bBot\s+)[A-Za-z0-9_\-]{20,}\.[A-Za-z0-9_\-.]+"), rf"\g<1>{REDACTED}"),
)


def redact(text: str, secrets: tuple[str, ...] = ()) -> str:
    """``text`` without the given secrets and without any interaction, webhook or bot token."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, REDACTED)
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class RedactingFormatter(logging.Formatter):
    """Formats with ``inner``, then redacts the whole rendered line (message and traceback)."""

    def __init__(self, inner: logging.Formatter, secrets: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.inner = inner
        self.secrets = tuple(s for s in secrets if s)

    def format(self, record: logging.LogRecord) -> str:
        return redact(self.inner.format(record), self.secrets)


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC), level, logger, message, and the traceback if any.

    Each field is redacted before it is encoded (JSON escaping would hide a quoted token).
    """

    def __init__(self, secrets: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.secrets = tuple(s for s in secrets if s)

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": redact(record.getMessage(), self.secrets),
        }
        if record.exc_info:
            entry["exception"] = redact(self.formatException(record.exc_info), self.secrets)
        if record.stack_info:
            entry["stack"] = redact(self.formatStack(record.stack_info), self.secrets)
        return json.dumps(entry, ensure_ascii=False)


TEXT_FORMAT = logging.Formatter("{asctime} {levelname:<8} {name}: {message}", "%Y-%m-%d %H:%M:%S", "{")


def formatter(fmt: str = "text", secrets: tuple[str, ...] = ()) -> logging.Formatter:
    """The redacting formatter for ``LOG_FORMAT`` (``text`` or ``json``)."""
    if fmt == "json":
        return JsonFormatter(secrets)
    return RedactingFormatter(TEXT_FORMAT, secrets)


def setup_logging(level: str, fmt: str = "text", secrets: tuple[str, ...] = ()) -> None:
    """Send every logger's records to stderr through one redacting handler."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(formatter(fmt, secrets))
    root.addHandler(handler)
    root.setLevel(getattr(logging, level))
