"""Who may confer what: the competence of a decision's authority for an award type (DOMAIN.md §10)."""

import re
import unicodedata

# Heads of a unit (Cục / Công an cấp tỉnh): one competence whatever the title used in the decision.
UNIT_HEAD_TITLES = (
    "thủ trưởng cục",
    "cục trưởng",
    "giám đốc công an tỉnh",
    "giám đốc công an thành phố",
)
BASE_HEAD = "thủ trưởng đơn vị cơ sở"
_SYNONYMS = (
    ("ủy ban nhân dân", "ubnd"),
    ("uỷ ban nhân dân", "ubnd"),
    ("bộ trưởng bca", "bộ trưởng bộ công an"),
)


def normalise_authority(text: str | None) -> str:
    """NFC, case-folded, single spaces, with the usual abbreviations spelled one way."""
    value = " ".join(unicodedata.normalize("NFC", text or "").casefold().split())
    for long, short in _SYNONYMS:
        value = value.replace(long, short)
    return re.sub(r"\s+", " ", value).strip()


def _starts(value: str, prefix: str) -> bool:
    return value == prefix or value.startswith(prefix + " ")


def _is_unit_head(value: str) -> bool:
    return any(_starts(value, title) for title in UNIT_HEAD_TITLES)


def is_competent(decision_authority: str, award_authority: str) -> bool:
    """May a decision of `decision_authority` confer an award whose catalogue authority is `award_authority`?

    Both texts are normalised (NFC, case-fold, collapsed spaces). The decision's authority is competent when
    it names the award's authority, possibly followed by a place ("Chủ tịch UBND tỉnh Hà Tĩnh" for
    "Chủ tịch UBND tỉnh", "Giám đốc Công an tỉnh Hà Tĩnh" for "Giám đốc Công an tỉnh"). "Thủ trưởng Cục",
    "Cục trưởng" and "Giám đốc Công an tỉnh/thành phố" are one unit-head competence, and a unit head may
    also confer the awards of a "Thủ trưởng đơn vị cơ sở". No other authority confers another's awards
    (a Minister does not sign a Director's Giấy khen; a Director does not award a Cờ thi đua of the Ministry).
    """
    decision, award = normalise_authority(decision_authority), normalise_authority(award_authority)
    if not decision or not award:
        return False
    if _is_unit_head(award):
        return _is_unit_head(decision)
    if _starts(award, BASE_HEAD):
        return _starts(decision, BASE_HEAD) or _is_unit_head(decision)
    return _starts(decision, award)
