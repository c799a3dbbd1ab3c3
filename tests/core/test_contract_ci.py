"""CI cannot silently lose the request-body contract checks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.harness.contract import CI_MISSING

ROOT = Path(__file__).resolve().parents[2]
TINY = "tests/core/test_text.py::test_text_with_something_to_see_is_visible"


def _pytest(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    missing = tmp_path / "no-spec" / "openapi.json"
    full = {k: v for k, v in os.environ.items() if k != "CI"} | {"DISCORD_API_SPEC": str(missing)} | env
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", TINY],
        cwd=ROOT,
        env=full,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_under_ci_a_missing_spec_fails_the_run_with_a_sentence(tmp_path: Path) -> None:
    result = _pytest(tmp_path, CI="true")
    assert result.returncode != 0
    (sentence,) = result.stderr.strip().splitlines()
    missing = tmp_path / "no-spec" / "openapi.json"
    assert sentence.startswith(f"CI=true but Discord's OpenAPI description is missing at {missing}: ")
    assert sentence.endswith(CI_MISSING.split(": ", 1)[1])
    assert "passed" not in result.stdout


def test_locally_a_missing_spec_only_skips_with_a_message(tmp_path: Path) -> None:
    result = _pytest(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Discord API contract: NOT checked" in result.stdout
