"""Starter Word templates: the Decree 30 layout with docxtpl placeholders, for offices to edit in
Word and upload back as their own template (admin → Mẫu văn bản). Every required key of the kind
appears, so the starter passes the upload validation as it is.
"""

from .kinds import KINDS, demo_context
from .layout import CENTER, Paper


def _item_line(sample) -> str:
    if isinstance(sample, dict):
        return " – ".join(
            "{{ item." + key + " }}" for key in sample if not isinstance(sample[key], list | dict)
        )
    return "{{ item }}"


def starter_template(kind_code: str) -> bytes:
    kind = KINDS[kind_code]
    demo = demo_context(kind_code)
    paper = Paper()
    header_keys = {"issuer", "issuer_parent", "number", "symbol", "place", "date", "title"}
    if kind.official:
        paper.header(
            issuer_parent="{{ issuer_parent|upper }}",
            issuer="{{ issuer|upper }}",
            number="",
            symbol="",
            place="",
            date=None,
            number_line="{{ number_symbol }}",
            date_line="{{ place_date }}",
        )
        paper.title(kind.type_name, "{{ title }}" if "title" in demo else "")
    else:
        paper.paragraph("{{ national_title }}", bold=True, align=CENTER, indent=False, size=13, after=0)
        paper.paragraph("{{ motto }}", bold=True, align=CENTER, indent=False, after=12)
        header_keys = set()
    for key in kind.required:
        if key in header_keys:
            continue
        value = demo.get(key)
        if isinstance(value, list):
            paper.paragraph(f"{key}:", bold=True)
            paper.paragraph("{%p for item in " + key + " %}", indent=False)
            paper.paragraph("- " + _item_line(value[0] if value else ""))
            paper.paragraph("{%p endfor %}", indent=False)
        else:
            paper.paragraph(f"{key}: {{{{ {key} }}}}")
    if kind.has_qr:
        paper.paragraph("{{ qr }}", indent=False)
        paper.paragraph("Tra cứu công khai: {{ qr_url }}", size=9, italic=True, indent=False)
    if kind.official:
        paper.signature(
            authority="{{ signer_authority|upper }}",
            position="{{ signer_position|upper }}",
            name="{{ signer_name }}",
            recipients=["{{ recipients|join('; ') if recipients else 'Lưu: VT.' }}"],
        )
    return paper.save()
