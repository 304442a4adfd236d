"""The English catalog: the whole UI is translated, and a user who picks English sees English."""

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

CATALOG = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%\([^)]+\)[sd]|%%|\{[a-z_]*\}")


def _unquote(lines: list[str]) -> str:
    return "".join(ast.literal_eval(line) for line in lines)


def _po_entries() -> list[dict]:
    """The entries of django.po (a small parser: comments, flags, msgid, msgid_plural, msgstr[n])."""
    entries = []
    for block in (CATALOG / "django.po").read_text(encoding="utf-8").split("\n\n"):
        entry: dict = {"flags": set(), "obsolete": False}
        key = ""
        parts: dict[str, list[str]] = {}
        for line in block.strip().splitlines():
            if line.startswith("#~"):
                entry["obsolete"] = True
            elif line.startswith("#,"):
                entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                parts[key].append(line)
            else:
                key, _, rest = line.partition(" ")
                parts[key] = [rest]
        if "msgid" not in parts and not entry["obsolete"]:
            continue
        entry.update({k: _unquote(v) for k, v in parts.items()})
        entries.append(entry)
    return entries


def _translations(entry: dict) -> list[str]:
    return [v for k, v in entry.items() if k == "msgstr" or k.startswith("msgstr[")]


@pytest.fixture(scope="module")
def entries():
    return _po_entries()


def test_every_entry_is_translated_and_not_fuzzy(entries):
    messages = [e for e in entries if e.get("msgid")]
    assert len(messages) > 1000
    assert not [e for e in entries if e["obsolete"]]
    assert not [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    assert not [e["msgid"] for e in messages if not all(_translations(e))]
    # The translation is not the Vietnamese copied over.
    assert sum(1 for e in messages if e.get("msgstr") == e["msgid"]) <= 5


def test_placeholders_are_kept(entries):
    wrong = [
        (e["msgid"], text)
        for e in entries
        if e.get("msgid")
        for text in _translations(e)
        if sorted(PLACEHOLDER.findall(text)) != sorted(PLACEHOLDER.findall(e["msgid"]))
    ]
    assert not wrong


def test_compiled_catalog_matches_the_po(entries):
    with open(CATALOG / "django.mo", "rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    messages = [e for e in entries if e.get("msgid") and "msgid_plural" not in e]
    assert messages
    stale = [e["msgid"] for e in messages if compiled.gettext(e["msgid"]) != e["msgstr"]]
    assert not stale, f"django.mo is older than django.po; run compilemessages ({len(stale)} differ)"
    assert compiled.gettext("Tổng quan") == "Overview"
    assert compiled.gettext("Cụm thi đua") == "Emulation clusters"
    assert compiled.gettext("Đăng xuất") == "Sign out"


@pytest.mark.django_db
def test_english_pages_show_english_navigation(client, users):
    client.force_login(users["board"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for url in (reverse("core:dashboard"), reverse("organisation:cluster_list")):
        page = client.get(url)
        assert page.status_code == 200
        html = page.content.decode()
        assert 'lang="en"' in html
        for english in ("Overview</a>", "Emulation clusters</a>", "Sign out</button>", "Covenants & reports"):
            assert english in html, (url, english)
        for vietnamese in ("Tổng quan", ">Cụm thi đua</a>", "Đăng xuất", "Giao ước & báo cáo", "Chấm điểm"):
            assert vietnamese not in html, (url, vietnamese)


@pytest.mark.django_db
def test_english_login_page(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("accounts:login")).content.decode()
    for english in ("Sign in", "Username", "Password"):
        assert english in html
    for vietnamese in ("Đăng nhập", "Tên đăng nhập", "Mật khẩu"):
        assert vietnamese not in html


@pytest.mark.django_db
def test_switching_language_changes_the_same_page(client, users):
    """Vietnamese stays the default; the page kept for Vietnamese is not served to English."""
    client.force_login(users["board"])
    url = reverse("organisation:cluster_list")
    assert "Đăng xuất" in client.get(url).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(url).content.decode()
    assert "Sign out" in html and "Đăng xuất" not in html


@pytest.mark.django_db
def test_service_errors_follow_the_users_language(client, users, term):
    """A ValidationFailed raised by a service reaches an English user in English, a Vietnamese one unchanged."""
    client.force_login(users["board"])
    payload = {
        "owner_id": term.cluster.owner_id,
        "kind": "regular",
        "name": "Vì an ninh Tổ quốc",
        "start_date": "2024-12-31",
        "end_date": "2024-01-01",
    }

    def post(language: str, **changes) -> dict:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        response = client.post(
            "/api/v1/emulation/movements", {**payload, **changes}, content_type="application/json"
        )
        assert response.status_code == 422
        return response.json()

    english = post("en")
    assert english["code"] == "validation_failed" and english["field"] == "end_date"
    assert english["message"] == "The end date must be after the start date."
    assert post("vi")["message"] == "Ngày kết thúc phải sau ngày bắt đầu."
    assert post("en", name="  ")["message"] == "The movement name must not be empty."
    assert post("vi", name="  ")["message"] == "Tên phong trào không được để trống."
    # The API's own validation messages too.
    missing = post("en", kind=None)
    assert missing["message"] == "Invalid data." and missing["errors"][0]["field"] == "kind"
    assert post("vi", kind=None)["message"] == "Dữ liệu không hợp lệ."


def test_excel_errors_translate_but_keep_the_templates_sheet_and_column_names():
    from django.utils import translation

    from thidua.emulation.excel import RESULT_COLUMNS, RESULT_SHEET, Reader, Sheet

    def problem() -> str:
        reader = Reader()
        reader.number(Sheet(RESULT_SHEET, []), 3, 6, RESULT_COLUMNS[5], "nhiều", required=True)
        return reader.errors[0]

    with translation.override("en"):
        assert problem() == (
            "Sheet “Kết quả”, row 3, column F (Kết quả lũy kế đến hết kỳ): must be a number, not the text “nhiều”."
        )
    with translation.override("vi"):
        assert problem() == (
            "Trang tính “Kết quả”, dòng 3, cột F (Kết quả lũy kế đến hết kỳ): phải là số, không phải chữ “nhiều”."
        )


def test_award_import_errors_are_stored_in_vietnamese_and_shown_in_the_readers_language():
    from django.utils import translation

    from thidua.awards.models import ImportJob
    from thidua.awards.services import importing

    with translation.override("en"):
        error = importing._error(3, importing.C_NAME, importing.gettext_noop("trùng với dòng {row}"), row=2)
        job = ImportJob(errors=[error, {"row": 0, "column": "", "message": "lỗi cũ"}])
        assert error["message"] == "trùng với dòng 2"
        assert [e["message"] for e in job.translated_errors()] == ["duplicate of row 2", "lỗi cũ"]
        assert job.translated_errors()[0]["column"] == "Họ và tên / Tên tập thể"
    with translation.override("vi"):
        assert job.translated_errors()[0]["message"] == "trùng với dòng 2"
