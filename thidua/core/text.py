"""Text helpers for Vietnamese: diacritic-insensitive search keys."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text: str | None) -> str:
    """Lower-case, strip Vietnamese diacritics (đ → d) and collapse spaces.

    "Công an tỉnh Đồng Tháp" → "cong an tinh dong thap". Stored in `search_key` columns so a
    plain `icontains` works the same on SQLite and PostgreSQL.
    """
    if not text:
        return ""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return _SPACES.sub(" ", stripped.lower()).strip()


def search_terms(query: str | None) -> list[str]:
    """Split a user's query into folded words: every word must match."""
    return [word for word in fold(query).split(" ") if word]


def number(value, places: str = "-2") -> str:
    """A number as shown (not typed), with the language's separators: 144000 → "144.000",
    469204.8 → "469.204,80". `places` as in floatformat ("-2": two decimals only when there is a
    fraction). None and "" give "" (so `|default:"—"` still works in templates)."""
    from django.template.defaultfilters import floatformat

    if value is None or value == "":
        return ""
    return floatformat(value, f"{places}g")
