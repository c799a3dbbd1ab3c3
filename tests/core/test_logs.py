"""Log lines never carry a credential, at any level and in either format."""

from __future__ import annotations

import io
import json
import logging

import pytest

from bot.core.logs import REDACTED, formatter, redact
from tests.harness.factory import FAKE_TOKEN

ITOKEN = "aW50ZXJhY3Rpb246MTIzNDU2Nzg5MDEyMzQ1Njc4OTpQZmJ6Y2xLaW5qb3c0c3lHdW9QWHBYVw"


@pytest.mark.parametrize(
    "line",
    [
        f"POST https://discord.com/api/v10/interactions/1234567890/{ITOKEN}/callback with {{}} has returned 204",
        f"PATCH https://discord.com/api/v10/webhooks/1100000000000000001/{ITOKEN}/messages/@original",
        f"For Shard ID 0: WebSocket Event: {{'t': 'INTERACTION_CREATE', 'd': {{'token': '{ITOKEN}', 'id': '1'}}}}",
        f'{{"type": 2, "token": "{ITOKEN}"}}',
        f"Authorization: Bot {FAKE_TOKEN}",
    ],
)
def test_interaction_webhook_and_bot_tokens_are_redacted(line: str) -> None:
    cleaned = redact(line)
    assert ITOKEN not in cleaned and FAKE_TOKEN not in cleaned
    assert REDACTED in cleaned


def test_ordinary_text_is_left_alone() -> None:
    line = "GET https://discord.com/api/v10/channels/1300000000000000001/messages has returned 200"
    assert redact(line) == line


def _emit(fmt: str, level: int, message: str, *args: object, exc: bool = False) -> str:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(formatter(fmt, (FAKE_TOKEN,)))
    logger = logging.getLogger(f"test.logs.{fmt}")
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    try:
        if exc:
            try:
                raise RuntimeError(f"failed at /webhooks/1/{ITOKEN} with {FAKE_TOKEN}")
            except RuntimeError:
                logger.exception(message, *args)
        else:
            logger.log(level, message, *args)
    finally:
        logger.removeHandler(handler)
    return stream.getvalue()


@pytest.mark.parametrize("fmt", ["text", "json"])
@pytest.mark.parametrize("level", [logging.DEBUG, logging.INFO, logging.ERROR])
def test_every_level_and_format_is_filtered(fmt: str, level: int) -> None:
    out = _emit(fmt, level, "%s %s", f"/interactions/9/{ITOKEN}/callback", {"token": ITOKEN})
    assert ITOKEN not in out
    out = _emit(fmt, level, "request failed", exc=True)
    assert ITOKEN not in out and FAKE_TOKEN not in out
    assert "RuntimeError" in out


def test_json_format_is_one_object_per_line() -> None:
    out = _emit("json", logging.ERROR, "boom", exc=True)
    (line,) = out.strip().splitlines()
    record = json.loads(line)
    assert record["level"] == "ERROR" and record["message"] == "boom"
    assert "Traceback" in record["exception"]
