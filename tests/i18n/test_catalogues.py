"""The catalogues against the code and Discord: template up to date, translations complete and safe.

A translation may reorder words but must keep every ``{placeholder}``, Markdown marker,
mention and command reference of the English, and fit the limit of where it is shown.
"""

from __future__ import annotations

import re
import string
from collections import Counter
from typing import Any

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo

from bot.i18n import extract, tools
from bot.i18n.catalogue import TEMPLATE, load, po_path
from bot.i18n.context import TRANSLATED
from bot.i18n.extract import command_strings
from bot.i18n.interactions import NAME_CONTEXT, valid_name

MIN_COVERAGE = 95.0
FIELD_VALUE_LIMIT = 1024
TITLE_LIMIT = 256  # embed titles and field names
BUTTON_LIMIT = 80
MODAL_LABEL_LIMIT = 45  # form (modal) titles and input labels
PLACEHOLDER_LIMIT = 100
DESCRIPTION_LIMIT = 100  # command and option descriptions
CHOICE_LIMIT = 100
NAME_LIMIT = 32

_MENTION = re.compile(r"<[@#][!&]?\d+>|<#\{\w+\}>|<@&?\{\w+\}>")
_OPTION_REF = re.compile(r"(?<![\w/])(\w+):(True|False|<\w+>)")


def command_paths() -> list[tuple[str, ...]]:
    """Every command and group path in the tree, longest first (``("estimate", "my-rate")``)."""
    return sorted(extract.command_paths(), key=len, reverse=True)


def references(text: str, paths: list[tuple[str, ...]], name: Any = str) -> list[tuple[str, ...]]:
    """The command paths ``text`` names as ``/command sub``, each word written as ``name(word)``."""
    found = []
    for path in paths:
        written = "/" + " ".join(name(word) for word in path)
        pattern = re.compile(r"(?<![\w/])" + re.escape(written) + r"(?![\w-])")
        found += [path] * len(pattern.findall(text))
        text = pattern.sub(" ", text)
    return sorted(found)


@pytest.fixture(scope="module")
def extracted() -> Catalog:
    return tools.extract()


def catalogue(locale: str) -> Catalog:
    return tools.read_catalog(po_path(locale), locale)


def placeholders(text: str) -> Counter[str]:
    return Counter(name for _, name, _, _ in string.Formatter().parse(text) if name is not None)


def forms(message: Message) -> list[str]:
    value: Any = message.string
    return [s for s in (value if isinstance(value, tuple | list) else (value,)) if s]


def ids(message: Message) -> list[str]:
    value: Any = message.id
    return list(value) if isinstance(value, tuple | list) else [value]


def translated(locale: str) -> list[Message]:
    return [m for m in catalogue(locale) if m.id and forms(m) and not m.fuzzy]


# -- the template is what the code says ---------------------------------------------------------
def test_every_string_in_the_code_is_in_the_template(extracted: Catalog) -> None:
    in_code = tools.keys(extracted)
    template = tools.keys(tools.read_catalog(TEMPLATE))
    missing = sorted(str(k) for k in in_code - template)
    stale = sorted(str(k) for k in template - in_code)
    assert not missing, "strings missing from the template (run: python -m bot i18n-extract):\n" + "\n".join(
        missing
    )
    assert not stale, (
        "template strings no longer in the code (run: python -m bot i18n-extract):\n" + "\n".join(stale)
    )


def test_every_catalogue_has_the_templates_strings() -> None:
    template = tools.keys(tools.read_catalog(TEMPLATE))
    for locale in TRANSLATED:
        assert tools.keys(catalogue(locale)) == template, f"{locale}: run python -m bot i18n-extract"


def test_extraction_finds_commands_and_sentences(extracted: Catalog) -> None:
    keys = tools.keys(extracted)
    assert (NAME_CONTEXT, "estimate") in keys and (NAME_CONTEXT, "usd_per_diamond") in keys
    assert (None, "What TikTok gifts are worth") in keys  # a group description
    assert (None, "Discord is having trouble; try again in a minute.") in keys  # an N_() constant
    assert (None, "{n} coin") in keys  # ngettext


@pytest.mark.parametrize("locale", TRANSLATED)
def test_each_locale_is_at_least_95_percent_translated(locale: str) -> None:
    row = next(r for r in tools.coverage() if r.locale == locale)
    assert row.percent >= MIN_COVERAGE, f"{locale}: {row.translated}/{row.total} ({row.percent:.1f} %)"


# -- translations keep what makes the text work ---------------------------------------------------
@pytest.mark.parametrize("locale", TRANSLATED)
def test_translations_keep_placeholders(locale: str) -> None:
    problems = []
    for message in translated(locale):
        wanted = placeholders(ids(message)[-1]) | placeholders(ids(message)[0])
        for text in forms(message):
            got = placeholders(text)
            # A plural form may leave {n} implicit (e.g. "one" in words); nothing else may go or appear.
            if set(got) - set(wanted) or set(wanted) - set(got) - {"n"}:
                problems.append(f"{message.id!r} → {text!r}: {dict(got)} vs {dict(wanted)}")
            try:
                text.format(**{name: "x" for name in wanted})
            except (ValueError, IndexError, KeyError) as exc:
                problems.append(f"{message.id!r} → {text!r}: {exc}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("locale", TRANSLATED)
def test_translations_keep_markdown_mentions_and_commands(locale: str) -> None:
    """Commands and options named in a sentence are named as the member's / menu shows them."""
    names = load(locale)

    def local(word: str) -> str:
        return names.get(word, NAME_CONTEXT) or word

    paths = command_paths()
    problems = []
    for message in translated(locale):
        english = ids(message)[0]
        for text in forms(message):
            if text.count("**") % 2 or text.count("**") != english.count("**"):
                problems.append(f"bold ** unbalanced or changed: {english!r} → {text!r}")
            if text.count("`") % 2 or text.count("`") != english.count("`"):
                problems.append(f"code ` unbalanced or changed: {english!r} → {text!r}")
            if sorted(_MENTION.findall(text)) != sorted(_MENTION.findall(english)):
                problems.append(f"mentions changed: {english!r} → {text!r}")
            if message.context != NAME_CONTEXT:
                wanted = references(english, paths)
                if references(text, paths, local) != wanted:
                    shown = ["/" + " ".join(local(w) for w in path) for path in wanted]
                    problems.append(f"/command references should read {shown}: {english!r} → {text!r}")
            options = sorted(f"{local(n)}:{v}" for n, v in _OPTION_REF.findall(english))
            if sorted(f"{n}:{v}" for n, v in _OPTION_REF.findall(text)) != options:
                problems.append(f"option:value references should read {options}: {english!r} → {text!r}")
            if "\ufffd" in text or (text.strip() != text and english.strip() == english):
                problems.append(f"garbled or padded: {english!r} → {text!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("locale", TRANSLATED)
def test_translations_fit_discords_limits(locale: str) -> None:
    kinds: dict[tuple[str | None, str], str] = {}
    for found in command_strings().values():
        for _, (funcname, message) in found:
            if funcname == "pgettext":
                kinds[tuple(message)] = "name"  # type: ignore[index]
            else:
                kinds.setdefault((None, message), "description")
    problems = []
    for message in translated(locale):
        kind = kinds.get((message.context, ids(message)[0]))
        for text in forms(message):
            if kind == "name":
                if not valid_name(text) or len(text) > NAME_LIMIT:
                    problems.append(f"not a valid Discord name: {message.id!r} → {text!r}")
            elif kind == "description" and len(text) > DESCRIPTION_LIMIT:
                problems.append(f"description over {DESCRIPTION_LIMIT}: {text!r}")
            elif message.context == "button" and len(text) > BUTTON_LIMIT:
                problems.append(f"button label over {BUTTON_LIMIT}: {text!r}")
            elif message.context in ("form label", "form title") and len(text) > MODAL_LABEL_LIMIT:
                problems.append(f"{message.context} over {MODAL_LABEL_LIMIT}: {text!r}")
            elif message.context == "form placeholder" and len(text) > PLACEHOLDER_LIMIT:
                problems.append(f"placeholder over {PLACEHOLDER_LIMIT}: {text!r}")
            elif len(text) > FIELD_VALUE_LIMIT:
                problems.append(f"over an embed field's {FIELD_VALUE_LIMIT}: {text[:60]!r}…")
            english = ids(message)[0]
            if len(english) <= TITLE_LIMIT // 2 and len(text) > TITLE_LIMIT:
                problems.append(
                    f"a title or field name that fit no longer fits {TITLE_LIMIT}: {text[:60]!r}…"
                )
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("locale", TRANSLATED)
def test_catalogues_compile(locale: str) -> None:
    """What ``pybabel compile`` does: the catalogue's own checks, then a .mo in memory."""
    import io

    source = catalogue(locale)
    errors = [f"{message.id!r}: {problems}" for message, problems in source.check()]
    assert not errors, "\n".join(errors)
    write_mo(io.BytesIO(), source)
    assert load(locale).singular, f"{locale} loads no translations"


@pytest.mark.parametrize("locale", TRANSLATED)
def test_no_untranslated_english_left_in_sentences(locale: str) -> None:
    """A long sentence left in English (copied msgid) counts as untranslated text."""
    same = [
        m.id
        for m in translated(locale)
        if isinstance(m.id, str)
        and m.string == m.id
        and m.context is None
        and len([w for w in m.id.split() if w.isalpha()]) >= 4
    ]
    assert not same, f"{locale} copies English: {same[:5]}"
