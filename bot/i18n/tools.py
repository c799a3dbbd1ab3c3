"""Catalogue upkeep: extract the template with Babel, update the .po files, report coverage.

``python -m bot i18n-extract`` rewrites ``bot/data/locale/livecoach.pot`` from the code and
merges new strings into every ``.po`` (``pybabel update``); ``python -m bot i18n-report``
prints the share of the template each locale translates. The tests run :func:`extract` and
compare it with the committed template.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po, write_po

from bot.i18n.catalogue import DOMAIN, TEMPLATE, po_path
from bot.i18n.context import TRANSLATED

ROOT = Path(__file__).resolve().parent.parent.parent
MAPPING = ROOT / "babel.cfg"
KEYWORDS = {**DEFAULT_KEYWORDS, "N_": None, "pgettext": ((1, "c"), 2), "ngettext": (1, 2)}
COMMENT_TAGS = ("i18n:",)

Key = tuple[str | None, str]


def extract() -> Catalog:
    """The template as the code stands: what ``pybabel extract -F babel.cfg`` writes."""
    with MAPPING.open() as handle:
        method_map, options_map = parse_mapping_cfg(handle, str(MAPPING))
    catalog = Catalog(domain=DOMAIN, project="LiveCoach", charset="utf-8")
    for _filename, _lineno, message, comments, context in extract_from_dir(
        str(ROOT), method_map, options_map, KEYWORDS, COMMENT_TAGS, strip_comment_tags=True
    ):
        catalog.add(message, None, [], auto_comments=comments, context=context)
    return catalog


def keys(catalog: Catalog) -> set[Key]:
    return {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in catalog if m.id}


def _brace_format_only(catalog: Catalog) -> None:
    """LiveCoach fills ``{named}`` placeholders; "95 % interval" is not a %-format (Babel guesses it is)."""
    for message in catalog:
        message.flags.discard("python-format")


def write_template(catalog: Catalog, path: Path = TEMPLATE) -> None:
    _brace_format_only(catalog)
    buffer = io.BytesIO()
    write_po(buffer, catalog, omit_header=True, no_location=True, sort_output=True, width=110)
    path.write_bytes(buffer.getvalue())


def read_catalog(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=locale, domain=DOMAIN)


def update_catalogues(template: Catalog) -> None:
    """Merge the template into every locale's .po (new strings empty, gone ones dropped)."""
    for locale in TRANSLATED:
        path = po_path(locale)
        path.parent.mkdir(parents=True, exist_ok=True)
        catalog = (
            read_catalog(path, locale)
            if path.exists()
            else Catalog(
                locale=locale,
                domain=DOMAIN,
                project="LiveCoach",
                copyright_holder="LiveCoach contributors",
                fuzzy=False,
                header_comment=f"# LiveCoach's answers in {locale}: strings come from the code: python -m bot i18n-extract.",
            )
        )
        created = catalog.creation_date
        catalog.update(template, no_fuzzy_matching=True)
        if path.exists():
            catalog.creation_date = created  # no date-only churn in git on every extraction
        catalog.obsolete.clear()
        _brace_format_only(catalog)
        buffer = io.BytesIO()
        write_po(buffer, catalog, no_location=True, sort_output=True, width=110, omit_header=False)
        path.write_bytes(buffer.getvalue())


@dataclass(frozen=True)
class Coverage:
    locale: str
    translated: int
    total: int

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 100.0


def coverage(template: Catalog | None = None) -> list[Coverage]:
    """How much of the template each locale translates (fuzzy and empty entries do not count)."""
    wanted = keys(template if template is not None else read_catalog(TEMPLATE))
    result = []
    for locale in TRANSLATED:
        path = po_path(locale)
        done = 0
        if path.exists():
            for message in read_catalog(path, locale):
                if not message.id or message.fuzzy:
                    continue
                key = (message.context, message.id if isinstance(message.id, str) else message.id[0])
                strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
                if key in wanted and all(strings):
                    done += 1
        result.append(Coverage(locale, done, len(wanted)))
    return result


def report() -> str:
    lines = [f"{'locale':<8} {'translated':>10} {'total':>6} {'%':>6}"]
    for row in coverage():
        lines.append(f"{row.locale:<8} {row.translated:>10} {row.total:>6} {row.percent:>5.1f}%")
    return "\n".join(lines)
