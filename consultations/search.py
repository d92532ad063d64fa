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
   version's text (normalised the same way). On PostgreSQL a word also matches by trigram word similarity
   of at least TRIGRAM_THRESHOLD (typos: "zlobkuw"), using the `unaccent` and `pg_trgm` extensions created
   by migration 0002_search_extensions.

The text searched is Consultation.search_document: title and current version, normalised when either
changes. PostgreSQL does the matching in the database through a trigram GIN index (migration 0005). Elsewhere
(SQLite in development and tests) a substring filter narrows the rows and the word-start rule runs in Python.
"""

from __future__ import annotations

import re
import unicodedata

from django.db import connection
from django.db.models import Q, QuerySet

from .models import Consultation

MAX_WORDS = 8
MIN_STEM = 3
MOBILE_E_MIN_STEM = 4
VOWELS = frozenset("aeiouy")
TRIGRAM_THRESHOLD = 0.6

# Unaccented endings of Polish nouns and adjectives, longest first so "-ami" wins over "-i".
ENDINGS = tuple(sorted({
    "owie", "ami", "ach", "ych", "ich", "ymi", "imi", "owi", "ego", "emu", "iem", "iej", "ow",
    "om", "ej", "ie", "ek", "em", "ym", "im", "a", "e", "i", "o", "u", "y",
}, key=len, reverse=True))

_LETTERS_WITHOUT_DECOMPOSITION = str.maketrans({"ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ø": "o", "Ø": "O"})
_WORD = re.compile(r"\w+")


def normalise(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(_LETTERS_WITHOUT_DECOMPOSITION))
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


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


def search_consultations(queryset: QuerySet[Consultation], query: str) -> QuerySet[Consultation]:
    """`queryset` narrowed to the consultations matching `query` (unchanged for an empty query)."""
    words = query_words(query or "")
    if not words:
        return queryset
    stems = [stem(word) for word in words]
    if connection.vendor == "postgresql":
        for word, word_stem in zip(words, stems, strict=True):
            # \m is PostgreSQL's start of a word; stems hold letters and digits only, so nothing needs escaping.
            # `%>` (trigram_word_similar) is true when word_similarity(word, document) reaches
            # pg_trgm.word_similarity_threshold, 0.6 by default (TRIGRAM_THRESHOLD). Both use the GIN index.
            queryset = queryset.filter(
                Q(search_document__regex=r"\m" + word_stem) | Q(search_document__trigram_word_similar=word)
            )
        return queryset
    for word_stem in stems:
        queryset = queryset.filter(search_document__contains=word_stem)
    ids = [pk for pk, document in queryset.values_list("pk", "search_document") if matches(document, stems)]
    return queryset.filter(pk__in=ids)
