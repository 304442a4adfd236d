"""Helpers shared by the adapters."""

import datetime
import re
from typing import Any

from thidua.organisation.models import Unit

from .. import wording

LEGAL_BASES = [
    "Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
    "Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi tiết thi hành một số "
    "điều của Luật Thi đua, khen thưởng;",
]


def movement_name(text: str) -> str:
    """ "Phong trào thi đua “Vì an ninh Tổ quốc”" → "Vì an ninh Tổ quốc"."""
    text = (text or "").strip()
    quoted = re.search(r"[“\"]([^”\"]+)[”\"]", text)
    if quoted:
        return quoted.group(1).strip()
    for prefix in ("Phong trào thi đua", "phong trào thi đua"):
        if text.startswith(prefix):
            text = text[len(prefix) :].strip()
    return text.strip("“”\"' ") or "Vì an ninh Tổ quốc"


def today_iso() -> str:
    return datetime.date.today().isoformat()


def text_lines(text: Any) -> list[str]:
    if not text:
        return []
    if isinstance(text, list):
        return [str(t).strip() for t in text if str(t).strip()]
    return [line.strip(" -•\t") for line in str(text).splitlines() if line.strip(" -•\t")]


def place_text(text: str) -> str:
    """ "Công an tỉnh Sóc Trăng" → "Sóc Trăng" (the place line names a locality, not a unit)."""
    for prefix in ("Công an tỉnh ", "Công an thành phố ", "Công an Thành phố ", "Hội trường "):
        if text.startswith(prefix):
            return text[len(prefix) :].strip()
    return text.strip()


def without_prefix(text: str, unit: str) -> str:
    text = str(text).strip()
    return text[len(unit) :].lstrip(" :–-") if unit and text.startswith(unit) else text


def certificate_reason(text: str, recipient: str = "") -> str:
    """The certificate's line under the recipient: "Đã có thành tích …".

    A leading "Name: " (how achievements are often typed) is dropped; the first letter is lowered
    unless the text starts with a proper name ("Nguyễn Văn …": second word capitalised too).
    """
    text = text.strip()
    prefix = re.match(r"^([^:]{1,80}):\s+", text)
    if prefix and (
        not recipient or prefix.group(1).strip() in recipient or recipient.endswith(prefix.group(1).strip())
    ):
        text = text[prefix.end() :]
    if text.lower().startswith("đã"):
        return text
    words = text.split()
    proper = len(words) > 1 and words[1][:1].isupper()
    lowered = text if proper else text[:1].lower() + text[1:]
    if text.lower().startswith("thành tích"):
        return f"Đã có {lowered}"
    return f"Đã có thành tích {lowered}"


def unless_in(extra: str, text: str) -> str:
    """`extra` unless `text` already says it (a guest's unit often appears in their title)."""
    return "" if not extra or extra in text else extra


def parent_name(unit: Unit | None) -> str:
    return wording.upper(unit.parent.name) if unit is not None and unit.parent is not None else ""


def signer_lines(title: str, authority: str) -> tuple[str, str]:
    """(authority line, position): a deputy signs "KT." for the head (ND30 Phụ lục I)."""
    title = (title or "").strip()
    head = " ".join((authority or "").split()[:2])
    if title.lower().startswith(("phó", "thứ trưởng")) and head:
        return f"KT. {wording.upper(head)}", wording.upper(title)
    return "", wording.upper(title)


# -- emulation ----------------------------------------------------------------------------------
