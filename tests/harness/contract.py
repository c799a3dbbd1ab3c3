"""Discord's own OpenAPI description as the contract for everything the bot sends.

``../shared/discord-api-spec/openapi.json`` is read in place (never copied).
Each request body is validated against the request schema of its path and
method, plus the rules the spec does not encode (6,000 embed characters per
message, lowercase command names, required options first).

Locally a missing spec skips those checks with a message; under ``CI=true`` it
stops the run with a sentence, so CI cannot silently lose them.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

_SHARED_SPEC = Path(__file__).resolve().parents[2].parent / "shared" / "discord-api-spec" / "openapi.json"
# DISCORD_API_SPEC points at another copy (or a missing one, to test the CI rule).
SPEC_PATH = Path(os.environ.get("DISCORD_API_SPEC") or _SHARED_SPEC)
SPEC_URI = "urn:discord-openapi"
EMBED_TOTAL_LIMIT = 6000
NAME_PATTERN = re.compile(r"^[-_'\w\u0900-\u097F\u0E00-\u0E7F]{1,32}$")


SKIP_REASON = f"Discord's OpenAPI description is absent (expected at {SPEC_PATH}); contract checks skipped."
CI_MISSING = (
    f"CI=true but Discord's OpenAPI description is missing at {SPEC_PATH}: check out the shared "
    "discord-api-spec beside the project; CI never runs without its request-body contract checks."
)


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def spec_available() -> bool:
    return SPEC_PATH.is_file()


# Checked when the test suite loads this module (from tests/conftest.py), before any test runs.
if in_ci() and not spec_available():
    raise SystemExit(CI_MISSING)


@dataclass(frozen=True)
class Operation:
    template: str
    method: str
    pattern: re.Pattern[str]
    pointer: str | None  # JSON pointer to the application/json request schema


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


@cache
def _spec() -> dict[str, Any]:
    return json.loads(SPEC_PATH.read_text(encoding="utf-8"))


@cache
def _operations() -> tuple[Operation, ...]:
    ops: list[Operation] = []
    for template, item in _spec()["paths"].items():
        regex = "^" + re.sub(r"\\\{[^}]+\\\}", r"[^/]+", re.escape(template)) + "$"
        for method, operation in item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            content = operation.get("requestBody", {}).get("content", {})
            pointer = None
            if "application/json" in content:
                pointer = "/".join(
                    [
                        "#",
                        "paths",
                        _escape(template),
                        method,
                        "requestBody",
                        "content",
                        "application~1json",
                        "schema",
                    ]
                )
            ops.append(Operation(template, method.upper(), re.compile(regex), pointer))
    # Literal segments beat placeholders: /messages/@original before /messages/{message_id}.
    ops.sort(key=lambda op: (op.template.count("{"), -len(op.template)))
    return tuple(ops)


@cache
def _registry() -> Registry:
    return Registry().with_resource(
        SPEC_URI, Resource.from_contents(_spec(), default_specification=DRAFT202012)
    )


@cache
def _validator(pointer: str) -> Draft202012Validator:
    return Draft202012Validator({"$ref": SPEC_URI + pointer}, registry=_registry())


def find_operation(method: str, api_path: str) -> Operation | None:
    """The spec operation for ``api_path`` (the part after ``/api/v10``)."""
    for op in _operations():
        if op.method == method.upper() and op.pattern.match(api_path):
            return op
    return None


def embed_length(embed: dict[str, Any]) -> int:
    total = len(embed.get("title") or "") + len(embed.get("description") or "")
    total += len((embed.get("footer") or {}).get("text") or "") + len(
        (embed.get("author") or {}).get("name") or ""
    )
    for field in embed.get("fields") or []:
        total += len(field.get("name") or "") + len(field.get("value") or "")
    return total


def _message_bodies(body: Any) -> list[dict[str, Any]]:
    """The message-like objects in a body: itself, or an interaction callback's ``data``."""
    if not isinstance(body, dict):
        return []
    found = [body]
    if isinstance(body.get("data"), dict):
        found.append(body["data"])
    return found


def _command_rules(command: dict[str, Any], where: str) -> list[str]:
    problems: list[str] = []
    name = command.get("name", "")
    if command.get("type", 1) == 1 and (name != name.lower() or not NAME_PATTERN.match(name)):
        problems.append(f"{where}: command or option name {name!r} must be lowercase, 1-32 word characters")
    options = command.get("options") or []
    seen_optional = False
    for option in options:
        if option.get("type") in (1, 2):
            problems += _command_rules(option, f"{where} {option.get('name')}")
            continue
        opt_name = option.get("name", "")
        if opt_name != opt_name.lower() or not NAME_PATTERN.match(opt_name):
            problems.append(f"{where}: option name {opt_name!r} must be lowercase, 1-32 word characters")
        if option.get("required"):
            if seen_optional:
                problems.append(f"{where}: required option {opt_name!r} comes after an optional one")
        else:
            seen_optional = True
    return problems


def extra_rules(method: str, api_path: str, body: Any) -> list[str]:
    """Rules Discord enforces that the OpenAPI description does not encode."""
    problems: list[str] = []
    for message in _message_bodies(body):
        embeds = message.get("embeds") or []
        if isinstance(embeds, list):
            total = sum(embed_length(e) for e in embeds if isinstance(e, dict))
            if total > EMBED_TOTAL_LIMIT:
                problems.append(
                    f"{method} {api_path}: embeds total {total} characters (limit {EMBED_TOTAL_LIMIT})"
                )
    if re.search(r"/commands$", api_path) and method in {"PUT", "POST"}:
        commands = body if isinstance(body, list) else [body]
        for command in commands:
            if isinstance(command, dict):
                problems += _command_rules(command, f"/{command.get('name')}")
    return problems


def _deepest(error: ValidationError) -> ValidationError:
    """Descend into anyOf/oneOf: skip branches whose ``type`` discriminator already failed."""
    if not error.context:
        return error
    branches: dict[object, list[ValidationError]] = {}
    for sub in error.context:
        branches.setdefault(sub.schema_path[0] if sub.schema_path else None, []).append(sub)

    def wrong_kind(errors: list[ValidationError]) -> bool:
        return any(e.validator in ("const", "enum") and list(e.relative_path) == ["type"] for e in errors)

    candidates = [errs for errs in branches.values() if not wrong_kind(errs)] or list(branches.values())
    best = min(candidates, key=len)
    return _deepest(best_match(best))


def _explain(error: ValidationError) -> str:
    error = _deepest(error)
    location = "/".join(str(p) for p in error.absolute_path) or "(body)"
    rule = json.dumps(error.validator_value, default=str)[:80]
    return f"at {location}: breaks {error.validator}={rule} with {error.instance!r:.80}"


def validate_request(method: str, api_path: str, body: Any) -> list[str]:
    """Every way ``body`` breaks the contract for ``method api_path`` (empty when it is valid)."""
    op = find_operation(method, api_path)
    if op is None:
        return [f"{method} {api_path}: no such operation in Discord's API description"]
    problems: list[str] = []
    if body is not None:
        if op.pointer is None:
            problems.append(f"{method} {op.template}: the API takes no JSON body here")
        else:
            for error in _validator(op.pointer).iter_errors(body):
                problems.append(f"{method} {op.template} {_explain(error)}")
    return problems + extra_rules(method, api_path, body)


def validate_command_payload(command: dict[str, Any]) -> list[str]:
    """A command as sent by a bulk overwrite, checked against the create schema and the extra rules."""
    schema_pointer = "#/components/schemas/ApplicationCommandCreateRequest"
    problems = [
        f"/{command.get('name')} {_explain(e)}" for e in _validator(schema_pointer).iter_errors(command)
    ]
    return problems + _command_rules(command, f"/{command.get('name')}")
