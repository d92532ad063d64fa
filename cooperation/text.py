"""Text folding shared by the searches."""

import unicodedata

# Letters NFKD does not decompose, mapped as PostgreSQL's unaccent dictionary maps them.
_WITHOUT_DECOMPOSITION = str.maketrans({"ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ø": "o", "Ø": "O"})


def strip_diacritics(text: str) -> str:
    """"Żłobek" → "Zlobek": the letters without their diacritics, case kept."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_WITHOUT_DECOMPOSITION))
    return unicodedata.normalize("NFC", "".join(char for char in decomposed if not unicodedata.combining(char)))
