from __future__ import annotations

import logging
from pathlib import Path

import pytest

from bot.core.config import TOKEN_HELP, ConfigError, RedactSecrets, Secret, load_settings
from bot.core.paths import DATA_DIR, PROJECT_ROOT
from tests.harness.factory import FAKE_TOKEN


def test_defaults_put_the_database_under_data() -> None:
    settings = load_settings({"DISCORD_TOKEN": FAKE_TOKEN})
    assert settings.database_path == DATA_DIR / "livecoach.db"
    assert settings.log_level == "INFO"
    assert settings.dev_guild_id is None
    assert settings.owner_ids == frozenset()
    assert settings.reminder_grace_minutes == 10
    assert settings.retention_days == 30


def test_relative_database_path_is_relative_to_the_project_not_the_cwd(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    settings = load_settings({"DISCORD_TOKEN": FAKE_TOKEN, "DATABASE_PATH": "data/other.db"})
    assert settings.database_path == PROJECT_ROOT / "data" / "other.db"


def test_all_settings_parse() -> None:
    settings = load_settings(
        {
            "DISCORD_TOKEN": FAKE_TOKEN,
            "DEV_GUILD_ID": " 123456789012345678 ",
            "OWNER_IDS": "123456789012345678, 223456789012345678",
            "LOG_LEVEL": "debug",
            "REMINDER_GRACE_MINUTES": "5",
            "DATA_RETENTION_DAYS": "0",
        }
    )
    assert settings.dev_guild_id == 123456789012345678
    assert settings.owner_ids == {123456789012345678, 223456789012345678}
    assert settings.log_level == "DEBUG"
    assert (settings.reminder_grace_minutes, settings.retention_days) == (5, 0)


@pytest.mark.parametrize(
    ("env", "starts"),
    [
        ({}, "DISCORD_TOKEN is not set"),
        ({"DISCORD_TOKEN": "short"}, "DISCORD_TOKEN does not look like a bot token"),
        ({"DISCORD_TOKEN": FAKE_TOKEN, "DEV_GUILD_ID": "abc"}, "DEV_GUILD_ID must be a Discord ID"),
        ({"DISCORD_TOKEN": FAKE_TOKEN, "OWNER_IDS": "1,2"}, "OWNER_IDS must be a Discord ID"),
        ({"DISCORD_TOKEN": FAKE_TOKEN, "LOG_LEVEL": "loud"}, "LOG_LEVEL must be one of"),
        ({"DISCORD_TOKEN": FAKE_TOKEN, "REMINDER_GRACE_MINUTES": "-1"}, "REMINDER_GRACE_MINUTES must be"),
        ({"DISCORD_TOKEN": FAKE_TOKEN, "DATA_RETENTION_DAYS": "x"}, "DATA_RETENTION_DAYS must be"),
        ({"DISCORD_TOKEN": FAKE_TOKEN, "DISCORD_API_BASE": "ftp://x"}, "DISCORD_API_BASE must be"),
    ],
)
def test_bad_settings_are_one_sentence(env: dict[str, str], starts: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(env)
    message = str(caught.value)
    assert message.startswith(starts)
    assert message.count("\n") == 0
    assert FAKE_TOKEN not in message


def test_token_help_names_the_setting_the_file_and_the_portal() -> None:
    assert "DISCORD_TOKEN" in TOKEN_HELP and ".env" in TOKEN_HELP and "discord.com/developers" in TOKEN_HELP


def test_secret_never_prints_itself() -> None:
    secret = Secret(FAKE_TOKEN)
    assert FAKE_TOKEN not in repr(secret) and FAKE_TOKEN not in str(secret) and FAKE_TOKEN not in f"{secret}"
    settings = load_settings({"DISCORD_TOKEN": FAKE_TOKEN})
    assert FAKE_TOKEN not in repr(settings)
    assert settings.token.reveal() == FAKE_TOKEN


def test_redaction_filter_scrubs_messages_args_and_tracebacks(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("test.redaction")
    handler_records: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            handler_records.append(self.format(record))

    handler = Collect()
    handler.addFilter(RedactSecrets(FAKE_TOKEN))
    logger.addHandler(handler)
    try:
        logger.warning("token is %s", FAKE_TOKEN)
        try:
            raise RuntimeError(f"request failed with Authorization: Bot {FAKE_TOKEN}")
        except RuntimeError:
            logger.exception("failure")
    finally:
        logger.removeHandler(handler)
    joined = "\n".join(handler_records)
    assert FAKE_TOKEN not in joined
    assert joined.count("[redacted]") >= 2


def test_operations_settings_have_defaults_and_are_validated() -> None:
    settings = load_settings({"DISCORD_TOKEN": FAKE_TOKEN})
    assert (settings.log_format, settings.rest_timeout, settings.start_attempts) == ("text", 10.0, 5)
    assert settings.heartbeat_path == settings.database_path.with_name("livecoach.heartbeat")
    tuned = load_settings(
        {
            "DISCORD_TOKEN": FAKE_TOKEN,
            "LOG_FORMAT": "JSON",
            "DISCORD_TIMEOUT_SECONDS": "3",
            "DISCORD_START_ATTEMPTS": "1",
        }
    )
    assert (tuned.log_format, tuned.rest_timeout, tuned.start_attempts) == ("json", 3.0, 1)
    for name, value, sentence in [
        ("LOG_FORMAT", "xml", "LOG_FORMAT must be text or json"),
        ("DISCORD_TIMEOUT_SECONDS", "0", "DISCORD_TIMEOUT_SECONDS must be a whole number from 1 to 300"),
        ("DISCORD_START_ATTEMPTS", "many", "DISCORD_START_ATTEMPTS must be a whole number from 1 to 100"),
    ]:
        with pytest.raises(ConfigError, match=sentence):
            load_settings({"DISCORD_TOKEN": FAKE_TOKEN, name: value})
