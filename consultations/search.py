"""Search over consultations that ignores diacritics and copes with Polish inflection.

The rule, the same on every database:
1. The query is normalised: "ł" becomes "l", the text is decomposed (NFKD), combining marks are dropped and
   the result is case-folded ("Żłobków" → "zlobkow").
2. It is split into words (at most MAX_WORDS, each at least two letters).
3. Each word is cut to its stem by dropping ONE common Polish inflectional ending (the longest that fits),
   provided at least MIN_STEM letters remain ("zlobek" → "zlob", "programu" → "program", "dzieci" → "dziec").
   The mobile e of "-ek" is covered too: a stem ending in consonant + "k" loses the "k" when at least
   MOBILE_E_MIN_STEM letters remain ("zlobkow" → "zlobk" → "zlob", "sciezka" → "sciez"; "parku" keeps "park").
4. A consultation matches when EVERY query word's stem begins a word of its title or of its current
   version's text (normalised the same way).
   When nothing matches, a stem that begins no word of any consultation searched (a typo, most often in
   the ending: "zlobkuw", "wspolprcy") loses letters from its end, up to TYPO_LETTERS and down to
   TYPO_MIN_STEM letters, until it does ("zlobkuw" → "zlobku", "wspolprcy" → "wspolpr").
5. The search across municipalities (search_hits) lists every match up to EXACT_LIMIT, latest opening
   first; beyond that, the NEWEST_LIMIT matches added last, and says so.

The text searched is Consultation.search_document: title and current version, normalised when either
changes. PostgreSQL does the matching in the database (a regular expression per word) through a trigram GIN
index (migration 0005), which narrows the candidates; each candidate's document is still read, about 20 µs
per kilobyte, so a common word costs in proportion to its matches (hence step 5). Trigram word similarity
(`%>`) is not used: on whole documents it costs about a millisecond a row and tens of milliseconds to plan.
Elsewhere (SQLite in development and tests) a substring filter narrows the rows and the word-start rule
runs in Python.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.db import connection
from django.db.models import CharField, QuerySet
from django.db.models.functions import Cast

from .models import Consultation

MAX_WORDS = 8
MIN_STEM = 3
MOBILE_E_MIN_STEM = 4
VOWELS = frozenset("aeiouy")
# A typo: a stem found nowhere loses up to TYPO_LETTERS letters from its end, keeping TYPO_MIN_STEM.
TYPO_LETTERS = 3
TYPO_MIN_STEM = 4
# The search across municipalities lists every match up to EXACT_LIMIT; beyond, the NEWEST_LIMIT added last.
EXACT_LIMIT = 1000
NEWEST_LIMIT = 200

# Unaccented endings of Polish nouns and adjectives, longest first so "-ami" wins over "-i".
ENDINGS = tuple(sorted({
    "owie", "ami", "ach", "ych", "ich", "ymi", "imi", "owi", "ego", "emu", "iem", "iej", "ow",
    "om", "ej", "ie", "ek", "em", "ym", "im", "a", "e", "i", "o", "u", "y",
}, key=len, reverse=True))

# Letters Unicode does not decompose into a base letter and a mark. (str.replace per pair: str.translate with a
# dict runs a Python lookup per character, ten times slower on a whole document.)
_LETTERS_WITHOUT_DECOMPOSITION = (("ł", "l"), ("Ł", "L"), ("đ", "d"), ("Đ", "D"), ("ø", "o"), ("Ø", "O"))
_WORD = re.compile(r"\w+")


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _drop_combining(match: re.Match) -> str:
    char = match.group()
    return "" if unicodedata.combining(char) else char


def normalise(text: str) -> str:
    for letter, replacement in _LETTERS_WITHOUT_DECOMPOSITION:
        text = text.replace(letter, replacement)
    decomposed = unicodedata.normalize("NFKD", text)
    # Only non-ASCII characters can be combining marks: test just those (a whole document at C speed).
    return _NON_ASCII.sub(_drop_combining, decomposed).casefold()


def stem(word: str) -> str:
    for ending in ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
            word = word[: -len(ending)]
            break
    # The mobile e of "-ek": "ścieżka"/"ścieżek", "żłobków"/"żłobek" share the stem without the final "k".
    if len(word) > MOBILE_E_MIN_STEM and word[-1] == "k" and word[-2] not in VOWELS:
        word = word[:-1]
    return word


def query_words(query: str) -> list[str]:
    """The normalised words of a query (duplicates removed, order kept)."""
    words = [w for w in _WORD.findall(normalise(query)) if len(w) >= 2 or w.isdigit()]
    return list(dict.fromkeys(words))[:MAX_WORDS]


def matches(text: str, stems: list[str]) -> bool:
    """Whether every stem begins some word of `text` (Python side of the rule)."""
    words = _WORD.findall(normalise(text))
    return all(any(word.startswith(s) for word in words) for s in stems)


def document_for(title: str, source: str) -> str:
    """The value of Consultation.search_document for a title and the current version's text."""
    return normalise(f"{title} {source}")


def _by_stem(queryset: QuerySet[Consultation], stem_: str) -> QuerySet[Consultation]:
    if connection.vendor == "postgresql":
        # \m is PostgreSQL's start of a word; stems hold letters and digits only, so nothing needs escaping.
        return queryset.filter(search_document__regex=r"\m" + stem_)
    return queryset.filter(search_document__contains=stem_)  # narrowed further in Python


def _by_stems(queryset: QuerySet[Consultation], stems: list[str]) -> QuerySet[Consultation]:
    for stem_ in stems:
        queryset = _by_stem(queryset, stem_)
    if connection.vendor == "postgresql":
        return queryset
    ids = [pk for pk, document in queryset.values_list("pk", "search_document") if matches(document, stems)]
    return queryset.filter(pk__in=ids)


def _corrected(queryset: QuerySet[Consultation], stem_: str) -> str:
    """A stem that begins no word of any consultation of `queryset` loses letters from its end (at most
    TYPO_LETTERS, keeping at least TYPO_MIN_STEM) until it does; unchanged when none does."""
    for cut in range(TYPO_LETTERS + 1):
        candidate = stem_[: len(stem_) - cut]
        if len(candidate) < TYPO_MIN_STEM:
            break
        if _by_stems(queryset, [candidate]).exists():
            return candidate
    return stem_


def search_consultations(queryset: QuerySet[Consultation], query: str) -> QuerySet[Consultation]:
    """`queryset` narrowed to the consultations matching `query` (unchanged for an empty query)."""
    words = query_words(query or "")
    if not words:
        return queryset
    stems = [stem(word) for word in words]
    matched = _by_stems(queryset, stems)
    if matched.exists():
        return matched
    corrected = [_corrected(queryset, stem_) for stem_ in stems]
    return _by_stems(queryset, corrected) if corrected != stems else matched


@dataclass(frozen=True)
class SearchHits:
    """The ids of the consultations a search lists, in the order it lists them (latest opening first).
    `capped`: more than EXACT_LIMIT matched, and `ids` are the NEWEST_LIMIT of them added last."""

    ids: list[int]
    capped: bool


def search_hits(queryset: QuerySet[Consultation], query: str) -> SearchHits:
    """The consultations of `queryset` matching `query`, for the search across municipalities.

    Every match costs a check of its document (the trigram index only narrows the candidates), so a word
    found in most of 10,000 documents would cost hundreds of milliseconds to count and sort in full. Hence
    one query without ORDER BY that stops after EXACT_LIMIT + 1 matches: up to EXACT_LIMIT, that is the exact
    set, sorted here. Beyond it, the NEWEST_LIMIT matches with the highest ids (added last: PostgreSQL walks
    the primary key backwards, cheap precisely because such a word is common) are listed instead."""
    # The opening time as text (sorts as the time does: the database writes every one the same way, in UTC),
    # since turning a thousand of them into datetimes would cost more than the query.
    columns = ("id", Cast("opens_at", output_field=CharField()))
    words = query_words(query or "")
    stems = [stem(word) for word in words]
    matched = _by_stems(queryset, stems).order_by()
    rows = list(matched.values_list(*columns)[: EXACT_LIMIT + 1])
    if not rows and words:  # perhaps a typo: search_consultations corrects it
        matched = search_consultations(queryset, query).order_by()
        rows = list(matched.values_list(*columns)[: EXACT_LIMIT + 1])
    capped = len(rows) > EXACT_LIMIT
    if capped:
        rows = list(matched.order_by("-id").values_list(*columns)[:NEWEST_LIMIT])
    rows.sort(key=lambda row: (row[1], row[0]), reverse=True)
    return SearchHits(ids=[pk for pk, _opens_at in rows], capped=capped)
