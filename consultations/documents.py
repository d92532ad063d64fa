"""The consulted document as structured text: Markdown split into sections and numbered paragraphs, and a
readable word-level diff between two versions."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.+?)\s*#*\s*$")
# Section headings written the Polish legal way: "Rozdział 2", "DZIAŁ I".
LEGAL_HEADING = re.compile(r"^\s*((?:Rozdział|Dział|ROZDZIAŁ|DZIAŁ)\s+[\dIVXLC]+\.?.*)$")
# A paragraph's own number: "§ 3.", "§ 3 ust. 2", "1.", "2)", "a)".
LABEL = re.compile(r"^\s*((?:§\s*\d+[a-z]?\.?(?:\s*ust\.\s*\d+\.?)?)|(?:\d{1,3}[.)])|(?:[a-z][)]))\s+")
LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)]|[a-z][)])\s+")


@dataclass(frozen=True)
class ParsedParagraph:
    order: int
    section: str
    label: str
    text: str


def parse(source: str) -> list[ParsedParagraph]:
    """Split Markdown into paragraphs. Headings (Markdown `#` or "Rozdział …") start a section; a blank line
    or a new list item or "§" starts a paragraph; each paragraph keeps the document's own number as its
    label. Order numbers run through the whole document, so a paragraph can be cited as "paragraph 12"."""
    paragraphs: list[ParsedParagraph] = []
    section = ""
    block: list[str] = []

    def flush():
        nonlocal block
        text = " ".join(line.strip() for line in block).strip()
        block = []
        if not text:
            return
        match = LABEL.match(text)
        label = match.group(1).strip() if match else ""
        paragraphs.append(ParsedParagraph(order=len(paragraphs) + 1, section=section, label=label, text=text))

    for line in source.replace("\r\n", "\n").split("\n"):
        heading = HEADING.match(line) or LEGAL_HEADING.match(line)
        if heading:
            flush()
            section = (heading.group(2) if heading.re is HEADING else heading.group(1)).strip()
            continue
        if not line.strip():
            flush()
            continue
        if block and (LIST_ITEM.match(line) or line.lstrip().startswith("§")):
            flush()
        block.append(line)
    flush()
    return paragraphs


def _words(text: str) -> list[str]:
    return re.findall(r"\S+|\s+", text)


def word_diff(old: str, new: str) -> SafeString:
    """HTML of `new` with removed words in <del> and added ones in <ins>; everything escaped."""
    a, b = _words(old), _words(new)
    parts = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(escape("".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            parts.append(f"<del>{escape(''.join(a[i1:i2]))}</del>")
        if op in ("insert", "replace"):
            parts.append(f"<ins>{escape(''.join(b[j1:j2]))}</ins>")
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text is escaped above


@dataclass(frozen=True)
class ParagraphChange:
    kind: str  # "same", "changed", "added", "removed"
    old: ParsedParagraph | None
    new: ParsedParagraph | None
    html: SafeString


def diff_versions(old_source: str, new_source: str) -> list[ParagraphChange]:
    """Paragraph by paragraph: which were kept, changed, added or removed, with word-level marks."""
    old, new = parse(old_source), parse(new_source)
    matcher = difflib.SequenceMatcher(a=[p.text for p in old], b=[p.text for p in new], autojunk=False)
    changes = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            changes.extend(ParagraphChange("same", o, n, escape(n.text)) for o, n in zip(old[i1:i2], new[j1:j2],
                                                                                          strict=True))
        elif op == "replace":
            pairs = list(zip(old[i1:i2], new[j1:j2], strict=False))
            changes.extend(ParagraphChange("changed", o, n, word_diff(o.text, n.text)) for o, n in pairs)
            changes.extend(ParagraphChange("removed", o, None, mark_safe(f"<del>{escape(o.text)}</del>"))  # noqa: S308
                           for o in old[i1 + len(pairs):i2])
            changes.extend(ParagraphChange("added", None, n, mark_safe(f"<ins>{escape(n.text)}</ins>"))  # noqa: S308
                           for n in new[j1 + len(pairs):j2])
        elif op == "delete":
            changes.extend(ParagraphChange("removed", o, None, mark_safe(f"<del>{escape(o.text)}</del>"))  # noqa: S308
                           for o in old[i1:i2])
        else:
            changes.extend(ParagraphChange("added", None, n, mark_safe(f"<ins>{escape(n.text)}</ins>"))  # noqa: S308
                           for n in new[j1:j2])
    return changes
