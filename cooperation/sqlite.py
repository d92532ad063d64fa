"""SQLite's LIKE folds case for ASCII letters only, so "żuraw" would not find "Żurawie" in `make run`.
On SQLite connections we replace LIKE with a Unicode-aware version (PostgreSQL needs nothing) and add an
unaccent() function that behaves like PostgreSQL's (extension created by consultations migration 0002)."""

import re
from functools import lru_cache


@lru_cache(maxsize=256)
def _like_regex(pattern: str, escape: str | None) -> re.Pattern:
    parts, index = [], 0
    while index < len(pattern):
        char = pattern[index]
        if escape and char == escape and index + 1 < len(pattern):
            parts.append(re.escape(pattern[index + 1]))
            index += 2
            continue
        parts.append(".*" if char == "%" else "." if char == "_" else re.escape(char))
        index += 1
    return re.compile("".join(parts), re.DOTALL | re.IGNORECASE)


def unicode_like(pattern, value, escape=None):
    if pattern is None or value is None:
        return None
    return _like_regex(str(pattern).casefold(), escape).fullmatch(str(value).casefold()) is not None


def unaccent(value):
    """SQLite stand-in for PostgreSQL's unaccent(), so `__unaccent__icontains` works in `make run` too."""
    from .text import strip_diacritics

    return None if value is None else strip_diacritics(str(value))


def install(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function("like", 2, unicode_like, deterministic=True)
        connection.connection.create_function("like", 3, unicode_like, deterministic=True)
        connection.connection.create_function("unaccent", 1, unaccent, deterministic=True)
