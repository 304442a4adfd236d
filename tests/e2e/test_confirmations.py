"""Issue 15.4: every form that locks, publishes, deletes, hands over, submits or approves asks first.

The templates are read as text: each POST form whose action is one of those routes carries a
`data-confirm` question (on the form or on its submit button) that app.js shows in the page's <dialog>.
A new such form without one fails here."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2] / "thidua"
FORM = re.compile(r"<form\b(?P<tag>[^>]*?)>(?P<body>.*?)</form>", re.S | re.I)
URL = re.compile(r"""\{%\s*url\s+['"](?P<name>[\w:-]+)['"](?P<args>[^%]*)%\}""")
# routes whose every POST form must confirm (optionally only for the given literal argument)
MUST_CONFIRM: dict[str, set[str] | None] = {
    "emulation:covenant_action": {"sign", "criterion-delete", "amend"},
    "emulation:registration_action": {"submit", "approve", "accept"},
    "emulation:report_action": {"approve", "accept"},
    "emulation:report_save": None,  # its "save and send" button
    "emulation:target_remove": None,
    "emulation:evidence_remove": None,
    "emulation:term_result_remove": None,
    "scoring:lock": None,
    "scoring:reopen": None,
    "scoring:self_submit": None,
    "scoring:adjustment_delete": None,
    "organisation:term_handover": None,
    "conferences:hand_over": None,
    "conferences:guest_remove": None,
    "conferences:attendee_remove": None,
    "voting:ballot_action": None,  # open, close, publish, tally, recount, rekey
    "voting:decide_tie": None,
    "voting:batch_confirm": None,
    "voting:batch_discard": None,
    "voting:paper_issue": None,
    "awards:batch_transition": None,
    "awards:decision_attachment_remove": None,
    "documents:press_reset": None,
}
# any other route named like this is irreversible too and must be listed above (or confirm)
RISKY_NAME = re.compile(
    r"(?:^|[_-])(remove|delete|lock|reopen|publish|hand_?over|submit|approve|accept|sign|discard)(?:$|[_-])",
    re.I,
)


def _post_forms():
    for path in sorted(ROOT.glob("*/templates/**/*.html")):
        text = path.read_text()
        for match in FORM.finditer(text):
            tag, body = match.group("tag"), match.group("body")
            if not re.search(r"""method=["']post["']""", tag, re.I):
                continue
            url = URL.search(tag)
            if not url:
                continue
            args = re.findall(r"""['"]([\w-]+)['"]""", url.group("args"))
            line = text[: match.start()].count("\n") + 1
            yield f"{path.relative_to(ROOT)}:{line}", url.group("name"), args, tag, body


def _needs_confirm(name: str, args: list[str]) -> bool:
    if name in MUST_CONFIRM:
        literal = MUST_CONFIRM[name]
        return literal is None or bool(literal & set(args))
    return bool(RISKY_NAME.search(name.split(":")[-1]))


def test_every_irreversible_form_asks_for_confirmation():
    forms = list(_post_forms())
    assert len(forms) > 40  # the scan reads the templates
    missing = [
        f"{where} {name} {args}"
        for where, name, args, tag, body in forms
        if _needs_confirm(name, args) and "data-confirm=" not in tag and "data-confirm=" not in body
    ]
    assert not missing, "forms without a confirmation:\n" + "\n".join(missing)


def test_every_listed_route_still_has_a_form():
    found = {name for _where, name, _args, _tag, _body in _post_forms()}
    assert set(MUST_CONFIRM) - found == set()


@pytest.mark.parametrize(
    "snippet",
    [
        '<form method="post" action="{% url \'emulation:target_remove\' t.pk %}"><button>x</button></form>',
        '<form method="post" action="{% url \'widgets:thing_delete\' 1 %}"></form>',
    ],
)
def test_the_scan_catches_a_form_without_confirmation(snippet):
    match = FORM.search(snippet)
    url = URL.search(match.group("tag"))
    assert _needs_confirm(url.group("name"), []) and "data-confirm=" not in match.group(0)
