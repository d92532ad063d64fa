"""The Polish catalogue is complete, correct in its placeholders and up to date.

The .po files are parsed with the standard library only, so the test needs no extra dependency.
"""

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation

BASE_DIR = Path(__file__).resolve().parent.parent
PL_PO = BASE_DIR / "locale" / "pl" / "LC_MESSAGES" / "django.po"
EN_PO = BASE_DIR / "locale" / "en" / "LC_MESSAGES" / "django.po"
POLISH_PLURAL_FORMS = (
    "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
)
# Python %-style placeholders, named or not; "%%" (a literal percent sign) is matched too and then dropped.
PLACEHOLDER = re.compile(r"%%|%(?:\(\w+\))?[-#0 +]*\d*(?:\.\d+)?[sdifrxXeEgGc]")


def placeholders(text: str) -> list[str]:
    return sorted(token for token in PLACEHOLDER.findall(text) if token != "%%")
# {% translate "..." %} / {% trans '...' %}, optionally with context "...", noop or "as variable".
TRANSLATE_TAG = re.compile(
    r"""\{%\s*(?:translate|trans)\s+(?P<q>["'])(?P<msgid>.*?)(?P=q)"""
    r"""(?:\s+context\s+(?P<cq>["'])(?P<context>.*?)(?P=cq))?(?:\s+noop)?(?:\s+as\s+\w+)?\s*%\}"""
)
# The browser tests look for these exact Polish texts.
REQUIRED_TRANSLATIONS = {
    "Municipalities": "Samorządy",
    "About the Model": "O Modelu",
    "Log in": "Zaloguj się",
    "Sign up": "Zarejestruj się",
    "Log out": "Wyloguj się",
    "My desk": "Mój pulpit",
    "Skip to main content": "Przejdź do treści głównej",
    "Accessibility declaration": "Deklaracja dostępności",
    "Search": "Szukaj",
}


@dataclass
class Entry:
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False
    line: int = 0

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)


def _unquote(text: str) -> str:
    # PO strings use C escapes (\" \\ \n \t), which a Python string literal reads the same way.
    return ast.literal_eval(text.strip())


def parse_po(path: Path) -> list[Entry]:
    """A small PO reader: one entry per blank-line-separated block."""
    entries: list[Entry] = []
    entry = Entry()
    current: tuple[str, int | None] | None = None

    def finish():
        nonlocal entry, current
        if entry.msgstr or entry.msgid or entry.flags:
            entries.append(entry)
        entry, current = Entry(), None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            finish()
            continue
        if line.startswith("#~"):
            entry.obsolete = True
            continue
        if line.startswith("#,"):
            entry.flags.update(flag.strip() for flag in line[2:].split(","))
            continue
        if line.startswith("#"):
            continue
        if not entry.line:
            entry.line = number
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            assert current is not None, f"{path}:{number}: continuation line without a keyword"
            name, index = current
            value = _unquote(line)
        elif keyword in ("msgctxt", "msgid", "msgid_plural", "msgstr"):
            name, index, value = keyword, None, _unquote(rest)
            current = (name, index)
        elif (match := re.fullmatch(r"msgstr\[(\d+)\]", keyword)) is not None:
            name, index, value = "msgstr", int(match.group(1)), _unquote(rest)
            current = (name, index)
        else:
            raise AssertionError(f"{path}:{number}: cannot read {raw!r}")
        if name == "msgstr":
            key = 0 if index is None else index
            entry.msgstr[key] = entry.msgstr.get(key, "") + value
        else:
            setattr(entry, name, (getattr(entry, name) or "") + value)
    finish()
    return entries


def _header(entries: list[Entry]) -> tuple[Entry, dict[str, str]]:
    header = entries[0]
    assert header.msgid == "" and header.msgctxt is None
    fields = {}
    for line in header.msgstr[0].splitlines():
        name, _, value = line.partition(":")
        fields[name.strip()] = value.strip()
    return header, fields


def _messages(entries: list[Entry]) -> list[Entry]:
    return [entry for entry in entries[1:] if not entry.obsolete]


@pytest.fixture(scope="module")
def pl_entries() -> list[Entry]:
    return parse_po(PL_PO)


@pytest.fixture(scope="module")
def pl_catalogue(pl_entries) -> dict[tuple[str | None, str], Entry]:
    return {entry.key: entry for entry in _messages(pl_entries)}


def test_polish_header_declares_three_plural_forms_and_is_not_fuzzy(pl_entries):
    header, fields = _header(pl_entries)
    assert "fuzzy" not in header.flags
    assert fields["Language"] == "pl"
    assert fields["Content-Type"] == "text/plain; charset=UTF-8"
    assert fields["Plural-Forms"] == POLISH_PLURAL_FORMS


def test_polish_catalogue_has_no_obsolete_entries(pl_entries):
    assert [entry.msgid for entry in pl_entries if entry.obsolete] == []


def test_every_polish_entry_is_translated(pl_entries):
    untranslated = [
        f"line {entry.line}: {entry.msgid!r}"
        for entry in _messages(pl_entries)
        if (sorted(entry.msgstr) != ([0, 1, 2] if entry.msgid_plural else [0]))
        or any(not text.strip() for text in entry.msgstr.values())
    ]
    assert untranslated == []


def test_no_polish_entry_is_fuzzy(pl_entries):
    assert [entry.msgid for entry in _messages(pl_entries) if "fuzzy" in entry.flags] == []


def test_polish_translations_keep_the_placeholders(pl_entries):
    wrong = []
    for entry in _messages(pl_entries):
        if "python-format" not in entry.flags:
            continue  # without the flag a "%" is literal text
        if entry.msgid_plural is None:
            expected = [placeholders(entry.msgid)]
            forms = [entry.msgstr.get(0, "")]
        else:
            # Every Polish plural form reads like the English plural: it names the same placeholders.
            expected = [placeholders(entry.msgid_plural)] * 3
            forms = [entry.msgstr.get(index, "") for index in range(3)]
            if set(placeholders(entry.msgid)) - set(expected[0]):
                wrong.append(f"{entry.msgid!r}: singular and plural msgids differ in placeholders")
        for want, text in zip(expected, forms, strict=True):
            if placeholders(text) != want or text.count("%%") != forms[0].count("%%"):
                wrong.append(f"{entry.msgid!r} -> {text!r}")
        if entry.msgid_plural is None and forms[0].count("%%") != entry.msgid.count("%%"):
            wrong.append(f"{entry.msgid!r}: literal percent signs differ")
    assert wrong == []


def test_placeholder_pattern_reads_named_and_typed_placeholders():
    assert placeholders("%(name)s has %(n)d of %(total)s, 50%% done") == ["%(n)d", "%(name)s", "%(total)s"]
    assert placeholders("100%% sure") == []


def test_catalogue_contains_every_translate_tag_of_the_base_layout(pl_catalogue):
    base = (BASE_DIR / "templates" / "base.html").read_text(encoding="utf-8")
    found = {(match.group("context"), match.group("msgid")) for match in TRANSLATE_TAG.finditer(base)}
    assert len(found) >= 10, "the base layout's {% translate %} tags were not found"
    assert sorted(key for key in found if key not in pl_catalogue) == []


def test_catalogue_contains_every_translate_tag_of_every_template(pl_catalogue):
    missing = []
    for template in sorted((BASE_DIR / "templates").rglob("*.html")) + sorted(
        (BASE_DIR / "templates").rglob("*.txt")
    ):
        for match in TRANSLATE_TAG.finditer(template.read_text(encoding="utf-8")):
            # Django looks a {% translate %} literal up with every "%" doubled (template.base.Variable).
            if (match.group("context"), match.group("msgid").replace("%", "%%")) not in pl_catalogue:
                missing.append(f"{template.relative_to(BASE_DIR)}: {match.group('msgid')!r}")
    assert missing == [], "run `make messages` and translate the new entries"


def test_strings_the_browser_tests_expect_have_their_polish_translation(pl_catalogue):
    actual = {msgid: pl_catalogue[(None, msgid)].msgstr[0] for msgid in REQUIRED_TRANSLATIONS}
    assert actual == REQUIRED_TRANSLATIONS


def test_english_catalogue_exists_with_the_same_messages(pl_entries):
    en_entries = parse_po(EN_PO)
    header, fields = _header(en_entries)
    assert "fuzzy" not in header.flags
    assert fields["Language"] == "en"
    assert fields["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    assert {entry.key for entry in _messages(en_entries)} == {entry.key for entry in _messages(pl_entries)}


@pytest.fixture(scope="module")
def compiled_messages():
    # The .mo files are build products (git-ignored); compile them so the lookups below read this .po.
    call_command("compilemessages", locale=["pl", "en"], ignore_patterns=[".venv", "node_modules", "var"],
                 verbosity=0)
    translation.trans_real._translations = {}
    translation.trans_real._default = None
    yield
    translation.trans_real._translations = {}
    translation.trans_real._default = None


def test_compiled_polish_catalogue_is_used_with_its_plural_rule(compiled_messages):
    with translation.override("pl"):
        assert translation.gettext("Log in") == "Zaloguj się"
        forms = [
            translation.ngettext("%(counter)s organization found", "%(counter)s organizations found", n)
            % {"counter": n}
            for n in (1, 2, 5, 12, 22, 25, 0)
        ]
    assert forms == [
        "Znaleziono 1 organizację",
        "Znaleziono 2 organizacje",
        "Znaleziono 5 organizacji",
        "Znaleziono 12 organizacji",
        "Znaleziono 22 organizacje",
        "Znaleziono 25 organizacji",
        "Znaleziono 0 organizacji",
    ]
    with translation.override("en"):
        assert translation.gettext("Log in") == "Log in"


@pytest.mark.django_db
def test_home_page_is_polish_by_default(client, compiled_messages):
    response = client.get("/", HTTP_HOST="127.0.0.1")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="pl">' in html
    for text in ("Przejdź do treści głównej", "Samorządy", "O Modelu", "Zaloguj się", "Deklaracja dostępności"):
        assert text in html
    assert "Skip to main content" not in html
