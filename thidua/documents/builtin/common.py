"""Helpers shared by the built-in layouts."""

from docx.shared import RGBColor

from .. import wording
from ..kinds import KINDS
from ..layout import Paper

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
RED = RGBColor(0xC0, 0x10, 0x10)


def name(item) -> str:
    if isinstance(item, dict):
        return str(item.get("name") or item.get("unit") or "")
    return str(item)


def person(item) -> str:
    if isinstance(item, dict):
        parts = [str(item.get("name", "")).strip(), str(item.get("position", "")).strip()]
        return " – ".join(p for p in parts if p)
    return str(item)


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def list_(value) -> list:
    if value in (None, ""):
        return []
    if isinstance(value, str):
        return [value]
    return list(value)


def symbol(kind_code: str, context: dict) -> str:
    if context.get("symbol") not in (None, ""):
        return str(context["symbol"])
    abbreviation = KINDS[kind_code].abbreviation
    code = str(context.get("issuer_code", "")).strip()
    return f"{abbreviation}-{code}" if code else abbreviation


def header(paper: Paper, kind_code: str, c: dict) -> None:
    paper.header(
        issuer_parent=str(c.get("issuer_parent", "")),
        issuer=str(c["issuer"]),
        number=c.get("number", ""),
        symbol=symbol(kind_code, c),
        place=str(c.get("place", "")),
        date=c.get("date"),
    )


def sign(paper: Paper, c: dict, recipients_default=("Lưu: VT.",)) -> None:
    paper.signature(
        authority=str(c.get("signer_authority", "")),
        position=str(c.get("signer_position", "")),
        name=str(c.get("signer_name", "")),
        recipients=list_(c.get("recipients")) or list(recipients_default),
    )


def movement(c: dict) -> str:
    return str(c.get("movement") or "Vì an ninh Tổ quốc")


def members_sentence(c: dict) -> str:
    members = [name(m) for m in list_(c.get("members"))]
    sentence = f"{c['cluster_name']} gồm {wording.count_with_words(len(members))} đơn vị: {wording.join_names(members)}"
    roles = []
    if c.get("leader"):
        roles.append(f"{name(c['leader'])} là đơn vị Cụm trưởng")
    if c.get("deputy"):
        roles.append(f"{name(c['deputy'])} là đơn vị Cụm phó")
    return sentence + ("; " + ", ".join(roles) if roles else "") + "."


# -- administrative papers ----------------------------------------------------------------------
