"""The layout's rules, read from the code's own imports (see README "Development").

- a feature's ``model`` imports neither discord nor storage (pure domain code);
- a cog never imports another cog;
- storage imports no feature's render, service or cog (it may use the models' types);
- core imports no feature, except ``bot.core.app``, the composition root that builds the services;
- no test module imports from another test module (shared helpers live in conftest.py or tests/harness).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FEATURES = ("money", "sessions", "stats", "reminders", "settings", "privacy", "meta", "golive")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_in(source: str, module: str, *, is_package: bool = False) -> Iterator[str]:
    """Every module ``source`` (the code of ``module``) imports, absolute; ``if TYPE_CHECKING`` ones too."""
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                stem = ".".join(base + ([node.module] if node.module else []))
            else:
                stem = node.module or ""
            yield stem
            # "from bot.stats import charts" imports the module bot.stats.charts
            yield from (f"{stem}.{alias.name}" for alias in node.names)


def imports_of(path: Path) -> Iterator[str]:
    return imports_in(
        path.read_text(encoding="utf-8"), module_name(path), is_package=path.name == "__init__.py"
    )


def modules(*folders: str) -> list[Path]:
    return sorted(p for folder in folders for p in (ROOT / folder).rglob("*.py"))


def is_model(name: str) -> bool:
    parts = name.split(".")
    return len(parts) >= 3 and parts[0] == "bot" and parts[1] in FEATURES and parts[2] == "model"


def starts(name: str, *prefixes: str) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def test_the_layout_has_every_feature_package() -> None:
    for feature in FEATURES:
        assert (ROOT / "bot" / feature / "__init__.py").is_file(), f"bot/{feature}/ is missing"
    assert any(is_model(module_name(p)) for p in modules("bot")), "no feature has a model"


@pytest.mark.parametrize("path", [p for p in modules("bot") if is_model(module_name(p))], ids=module_name)
def test_models_import_neither_discord_nor_storage(path: Path) -> None:
    bad = sorted({m for m in imports_of(path) if starts(m, "discord", "bot.storage", "aiosqlite", "asyncpg")})
    assert not bad, f"{module_name(path)} is a model but imports {bad}"


@pytest.mark.parametrize("path", modules("cogs"), ids=module_name)
def test_cogs_import_no_other_cog(path: Path) -> None:
    own = module_name(path)
    bad = sorted({m for m in imports_of(path) if starts(m, "cogs") and m not in ("cogs", own)})
    assert not bad, f"{own} imports another cog: {bad}"


@pytest.mark.parametrize("path", modules("bot/storage"), ids=module_name)
def test_storage_imports_no_render_service_or_cog(path: Path) -> None:
    def forbidden(name: str) -> bool:
        parts = name.split(".")
        if starts(name, "cogs"):
            return True
        return len(parts) >= 3 and parts[0] == "bot" and parts[1] in FEATURES and not is_model(name)

    bad = sorted({m for m in imports_of(path) if forbidden(m)})
    assert not bad, f"{module_name(path)} (storage) imports {bad}"


@pytest.mark.parametrize(
    "path", [p for p in modules("bot/core") if module_name(p) != "bot.core.app"], ids=module_name
)
def test_core_imports_no_feature(path: Path) -> None:
    bad = sorted(
        {m for m in imports_of(path) if starts(m, "cogs", *(f"bot.{feature}" for feature in FEATURES))}
    )
    assert not bad, f"{module_name(path)} (core) imports features {bad}"


@pytest.mark.parametrize(
    "path",
    [p for p in modules("tests") if p.name.startswith("test_")],
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_test_modules_import_no_other_test_module(path: Path) -> None:
    bad = sorted({m for m in imports_of(path) if starts(m, "tests") and m.split(".")[-1].startswith("test_")})
    assert not bad, (
        f"{path.relative_to(ROOT)} imports helpers from test modules {bad}: move them to tests/harness"
    )


def test_the_import_reader_sees_every_kind_of_import() -> None:
    """Plain, aliased, relative and TYPE_CHECKING imports are all seen, so the rules above can fail."""
    source = (
        "from typing import TYPE_CHECKING\nimport discord as d\nfrom ..service import X\n"
        "from . import economy\nif TYPE_CHECKING:\n    from bot.storage import Storage\n"
    )
    found = set(imports_in(source, "bot.money.model.probe"))
    assert {"discord", "bot.money.service", "bot.money.model.economy", "bot.storage"} <= found
    assert is_model("bot.money.model.probe") and not is_model("bot.money.service")
