"""One place for upload checks, run BEFORE anything parses the file.

A file's type is decided by its content (leading bytes), never by its name: the name's extension
must only agree with it. Office files (.xlsx, .docx) are zip packages, and the package is checked
from its central directory before any parser sees it — number of entries, declared uncompressed
size, compression ratio per entry, entry names (no path traversal, no executables, no macros),
the part that makes it that kind of file — and then each entry is streamed once through
`zipfile`, which never inflates past the declared size and checks the CRC, so a package that lies
about its sizes is refused too. A PDF must start with `%PDF-` and carry no HTML.

Every refusal is an `UploadRejected` (a `DomainError`, 4xx) with a Vietnamese message naming the
file. Limits come from settings, and each caller may pass tighter (or, for a bulk import, wider)
ones:

    THIDUA_MAX_UPLOAD_BYTES            size of the uploaded file (20 MB)
    THIDUA_UPLOAD_ZIP_MAX_ENTRIES      entries in a zip package (2000)
    THIDUA_UPLOAD_ZIP_MAX_BYTES        declared uncompressed total of a package (64 MB)
    THIDUA_UPLOAD_ZIP_MAX_RATIO        uncompressed/compressed size of one entry (100)
"""

import io
import os
import posixpath
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .errors import DomainError

MB = 1024 * 1024
DEFAULT_MAX_BYTES = 20 * MB
DEFAULT_ZIP_MAX_ENTRIES = 2000
DEFAULT_ZIP_MAX_BYTES = 64 * MB
DEFAULT_ZIP_MAX_RATIO = 100
RATIO_FLOOR = 1 * MB  # entries smaller than this inflate to little whatever their ratio
HEAD_BYTES = 8192
CHUNK = 1 * MB


class UploadRejected(DomainError):
    code, status = "upload_rejected", 422
    message = _("Tệp không hợp lệ.")


class UploadTooLarge(UploadRejected):
    code, status = "upload_too_large", 413
    message = _("Tệp quá lớn.")


class SheetTooLarge(UploadRejected):
    code, status = "sheet_too_large", 422
    message = _("Trang tính quá lớn.")


@dataclass(frozen=True)
class Kind:
    code: str
    label: str  # what the user calls it, in messages
    extensions: tuple[str, ...]
    content_type: str
    package_part: str = ""  # for zip packages: the entry that makes the package this kind


KINDS: dict[str, Kind] = {
    kind.code: kind
    for kind in (
        Kind("pdf", "PDF", (".pdf",), "application/pdf"),
        Kind("png", "PNG", (".png",), "image/png"),
        Kind("jpeg", "JPEG", (".jpg", ".jpeg"), "image/jpeg"),
        Kind(
            "xlsx",
            "Excel .xlsx",
            (".xlsx",),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xl/workbook.xml",
        ),
        Kind(
            "docx",
            "Word .docx",
            (".docx",),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "word/document.xml",
        ),
    )
}

# leading bytes of programs and scripts: never accepted, whatever the name says
EXECUTABLE_SIGNATURES = (
    b"MZ",  # Windows PE (.exe, .dll, .scr)
    b"\x7fELF",  # Linux
    b"\xcf\xfa\xed\xfe",  # Mach-O 64
    b"\xce\xfa\xed\xfe",  # Mach-O 32
    b"\xca\xfe\xba\xbe",  # Mach-O universal / Java class
    b"#!",  # scripts
)
EXECUTABLE_EXTENSIONS = frozenset(
    [
        ".exe",
        ".dll",
        ".com",
        ".scr",
        ".msi",
        ".bat",
        ".cmd",
        ".ps1",
        ".vbs",
        ".vbe",
        ".js",
        ".jse",
        ".wsf",
        ".hta",
        ".jar",
        ".sh",
        ".so",
        ".dylib",
        ".app",
        ".lnk",
    ]
)
MACRO_PARTS = ("vbaproject.bin", "vbadata.xml")
HTML_MARKERS = (b"<html", b"<!doctype html", b"<script", b"<body", b"<head", b"<iframe", b"<svg", b"<meta")


@dataclass(frozen=True)
class Checked:
    kind: str
    extension: str
    content_type: str
    size: int


# -- reading the source ----------------------------------------------------------------------------


def _display_name(source: Any, name: str | None) -> str:
    return os.path.basename(name if name is not None else (getattr(source, "name", "") or ""))


def size_of(source: bytes | IO[bytes]) -> int:
    """The upload's size without reading it (UploadedFile.size, or a seek to the end)."""
    if isinstance(source, bytes | bytearray | memoryview):
        return len(source)
    size = getattr(source, "size", None)
    if isinstance(size, int):
        return size
    position = source.tell()
    source.seek(0, os.SEEK_END)
    end = source.tell()
    source.seek(position)
    return end


def _head(source: bytes | IO[bytes], count: int = HEAD_BYTES) -> bytes:
    if isinstance(source, bytes | bytearray | memoryview):
        return bytes(source[:count])
    source.seek(0)
    head = source.read(count)
    source.seek(0)
    return head


def _as_file(source: bytes | IO[bytes]) -> IO[bytes]:
    if isinstance(source, bytes | bytearray | memoryview):
        return io.BytesIO(source)
    source.seek(0)
    return source


def max_upload_bytes() -> int:
    return int(getattr(settings, "THIDUA_MAX_UPLOAD_BYTES", DEFAULT_MAX_BYTES))


def _mb(size: int) -> str:
    """A size as people read it: "1.5 MB", "640 KB"."""
    if size >= MB:
        return f"{size / MB:.1f} MB"
    return f"{max(size / 1024, 0.1):.0f} KB" if size >= 1024 else f"{size} B"


# -- single checks ---------------------------------------------------------------------------------


def check_size(size: int, *, name: str = "", max_bytes: int | None = None) -> None:
    """Refuse an empty file or one over the limit (settings.THIDUA_MAX_UPLOAD_BYTES by default)."""
    limit = max_upload_bytes() if max_bytes is None else max_bytes
    if size <= 0:
        raise UploadRejected(_("Tệp “{name}” rỗng."), field="file", name=name)
    if size > limit:
        raise UploadTooLarge(
            _("Tệp “{name}” dung lượng {size}, vượt mức cho phép {limit}."),
            field="file",
            name=name,
            size=_mb(size),
            limit=_mb(limit),
        )


def sniff(head: bytes) -> str | None:
    """What the leading bytes say the file is: a kind code, "zip", "executable", "html" or None."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.startswith(EXECUTABLE_SIGNATURES):
        return "executable"
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n\x00").lower()
    if start.startswith(b"<") and any(marker in start[:1024] for marker in HTML_MARKERS):
        return "html"
    return None


def check_pdf(source: bytes | IO[bytes], *, name: str = "") -> None:
    """A PDF starts with `%PDF-` and has no HTML in its opening (a page a browser would render)."""
    head = _head(source)
    if not head.startswith(b"%PDF-"):
        raise UploadRejected(
            _("Tệp “{name}” không phải tệp PDF (không bắt đầu bằng “%PDF-”)."), field="file", name=name
        )
    lowered = head.lower()
    if any(marker in lowered for marker in HTML_MARKERS):
        raise UploadRejected(
            _("Tệp “{name}” không phải tệp PDF hợp lệ: có chứa mã HTML."), field="file", name=name
        )


def _unsafe_entry_name(entry: str) -> bool:
    if not entry or "\x00" in entry or "\\" in entry or any(ord(ch) < 32 for ch in entry):
        return True
    if entry.startswith("/") or (len(entry) > 1 and entry[1] == ":"):
        return True
    parts = entry.split("/")
    return ".." in parts or posixpath.normpath(entry).startswith("..")


def check_package(
    source: bytes | IO[bytes],
    *,
    kind: str,
    name: str = "",
    max_entries: int | None = None,
    max_uncompressed: int | None = None,
    max_ratio: float | None = None,
) -> None:
    """Check an Office zip package before any parser opens it (see the module docstring)."""
    expected = KINDS[kind]
    max_entries = max_entries or int(
        getattr(settings, "THIDUA_UPLOAD_ZIP_MAX_ENTRIES", DEFAULT_ZIP_MAX_ENTRIES)
    )
    max_uncompressed = max_uncompressed or int(
        getattr(settings, "THIDUA_UPLOAD_ZIP_MAX_BYTES", DEFAULT_ZIP_MAX_BYTES)
    )
    max_ratio = max_ratio or float(getattr(settings, "THIDUA_UPLOAD_ZIP_MAX_RATIO", DEFAULT_ZIP_MAX_RATIO))
    invalid = _("Tệp “{name}” không phải tệp {kind} hợp lệ.")
    try:
        archive = zipfile.ZipFile(_as_file(source))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise UploadRejected(invalid, field="file", name=name, kind=expected.label) from None
    with archive:
        entries = archive.infolist()
        if len(entries) > max_entries:
            raise UploadRejected(
                _("Tệp “{name}” có {count} thành phần nén, vượt mức cho phép {limit}."),
                field="file",
                name=name,
                count=len(entries),
                limit=max_entries,
            )
        names: set[str] = set()
        total = 0
        for entry in entries:
            _check_entry(entry, names=names, name=name, kind_label=expected.label)
            total += entry.file_size
            if total > max_uncompressed:
                raise UploadTooLarge(
                    _("Tệp “{name}” khi giải nén lớn hơn {limit}, vượt mức cho phép."),
                    field="file",
                    name=name,
                    limit=_mb(max_uncompressed),
                )
            if entry.file_size > RATIO_FLOOR and entry.file_size > max_ratio * max(entry.compress_size, 1):
                raise UploadRejected(
                    _("Tệp “{name}” có tỷ lệ nén bất thường (nghi là tệp “bom nén”), không được chấp nhận."),
                    field="file",
                    name=name,
                )
        if "[content_types].xml" not in names or expected.package_part not in names:
            raise UploadRejected(invalid, field="file", name=name, kind=expected.label)
        _inflate_every_entry(archive, entries, name=name, kind_label=expected.label)


def _check_entry(entry: zipfile.ZipInfo, *, names: set[str], name: str, kind_label: Any) -> None:
    """One entry of the package, from its header: a safe name met once, no program or macro, no
    password, a known compression. Its lower-cased name joins `names`."""
    if _unsafe_entry_name(entry.filename):
        raise UploadRejected(
            _("Tệp “{name}” chứa tên thành phần không an toàn “{entry}”."),
            field="file",
            name=name,
            entry=entry.filename[:80],
        )
    lowered = entry.filename.lower()
    if lowered in names:
        raise UploadRejected(
            _("Tệp “{name}” chứa thành phần trùng tên “{entry}”."),
            field="file",
            name=name,
            entry=entry.filename[:80],
        )
    names.add(lowered)
    if posixpath.splitext(lowered)[1] in EXECUTABLE_EXTENSIONS:
        raise UploadRejected(
            _("Tệp “{name}” chứa tệp chương trình “{entry}”."),
            field="file",
            name=name,
            entry=entry.filename[:80],
        )
    if posixpath.basename(lowered) in MACRO_PARTS:
        raise UploadRejected(_("Tệp “{name}” chứa macro, không được chấp nhận."), field="file", name=name)
    if entry.flag_bits & 0x1:
        raise UploadRejected(_("Tệp “{name}” được đặt mật khẩu, không đọc được."), field="file", name=name)
    if entry.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise UploadRejected(
            _("Tệp “{name}” không phải tệp {kind} hợp lệ."), field="file", name=name, kind=kind_label
        )


def _inflate_every_entry(
    archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo], *, name: str, kind_label: Any
) -> None:
    """Inflate each entry once, in chunks: zipfile stops at the declared size and checks the CRC,
    so sizes that lie are caught here, with memory and time bounded by the header checks."""
    try:
        for entry in entries:
            with archive.open(entry) as stream:
                first = stream.read(CHUNK)
                if first.startswith(EXECUTABLE_SIGNATURES[:5]):
                    raise UploadRejected(
                        _("Tệp “{name}” chứa tệp chương trình “{entry}”."),
                        field="file",
                        name=name,
                        entry=entry.filename[:80],
                    )
                while stream.read(CHUNK):
                    pass
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        raise UploadRejected(
            _("Tệp “{name}” không phải tệp {kind} hợp lệ."), field="file", name=name, kind=kind_label
        ) from None


# -- the entry point -------------------------------------------------------------------------------


def check_upload(
    source: bytes | IO[bytes],
    *,
    allowed: Iterable[str],
    name: str | None = None,
    max_bytes: int | None = None,
    max_entries: int | None = None,
    max_uncompressed: int | None = None,
    max_ratio: float | None = None,
) -> Checked:
    """Refuse anything that is not one of the `allowed` kinds (codes of KINDS); returns what it is.

    `source` is bytes or a file object (a Django UploadedFile); it is left at position 0.
    """
    allowed = tuple(allowed)
    display = _display_name(source, name)
    size = size_of(source)
    check_size(size, name=display, max_bytes=max_bytes)
    head = _head(source)
    detected = sniff(head)
    allowed_text = ", ".join(ext for code in allowed for ext in KINDS[code].extensions)
    if detected == "executable":
        raise UploadRejected(
            _("Tệp “{name}” là tệp chương trình, không được chấp nhận."), field="file", name=display
        )
    if detected == "zip":
        package_kinds = [code for code in allowed if KINDS[code].package_part]
        detected = _package_kind(source, package_kinds, name=display)
        if detected is not None:
            check_package(
                source,
                kind=detected,
                name=display,
                max_entries=max_entries,
                max_uncompressed=max_uncompressed,
                max_ratio=max_ratio,
            )
    if detected in KINDS and detected not in allowed:
        raise UploadRejected(
            _("Nội dung tệp “{name}” là {kind}, không khớp với định dạng cho phép ({allowed})."),
            field="file",
            name=display,
            kind=KINDS[detected].label,
            allowed=allowed_text,
        )
    if detected not in allowed:
        raise UploadRejected(
            _("Nội dung tệp “{name}” không thuộc định dạng cho phép ({allowed}), không khớp với tên tệp."),
            field="file",
            name=display,
            allowed=allowed_text,
        )
    kind = KINDS[detected]
    if kind.code == "pdf":
        check_pdf(head, name=display)
    extension = os.path.splitext(display)[1].lower()
    if extension and extension not in kind.extensions:
        raise UploadRejected(
            _("Nội dung tệp “{name}” là {kind}, không khớp với phần mở rộng {extension}."),
            field="file",
            name=display,
            kind=kind.label,
            extension=extension,
        )
    if not isinstance(source, bytes | bytearray | memoryview):
        source.seek(0)
    return Checked(
        kind=kind.code, extension=extension or kind.extensions[0], content_type=kind.content_type, size=size
    )


def _package_kind(source: bytes | IO[bytes], candidates: list[str], *, name: str) -> str | None:
    """Which allowed Office kind the zip claims to be (by its parts), or None when none fits."""
    if not candidates:
        return None
    try:
        with zipfile.ZipFile(_as_file(source)) as archive:
            names = {entry.lower() for entry in archive.namelist()}
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        label = " / ".join(KINDS[code].label for code in candidates)
        raise UploadRejected(
            _("Tệp “{name}” không phải tệp {kind} hợp lệ."), field="file", name=name, kind=label
        ) from None
    for code in candidates:
        if KINDS[code].package_part in names:
            return code
    extension = os.path.splitext(name)[1].lower()
    named = [code for code in candidates if extension in KINDS[code].extensions]
    if len(candidates) == 1 or named:
        return (named or candidates)[0]  # check_package names what is wrong with it
    return None


def read_bytes(source: bytes | IO[bytes], *, max_bytes: int | None = None) -> bytes:
    """The upload's content, never more than the limit (+1 byte to know it was over)."""
    if isinstance(source, bytes | bytearray | memoryview):
        return bytes(source)
    limit = max_upload_bytes() if max_bytes is None else max_bytes
    source.seek(0)
    data = source.read(limit + 1)
    source.seek(0)
    check_size(len(data), name=_display_name(source, None), max_bytes=limit)
    return data


# -- spreadsheet extent ----------------------------------------------------------------------------


def _greater_than(limit: int, alphabet: str) -> str:
    """A regex matching the numerals (in `alphabet`, no leading zero) greater than `limit`.

    For digits "0123456789" it is decimal; for "ABC…Z" it is Excel's column letters (bijective
    base 26: a longer numeral is always greater, one of the same length compares letter by letter).
    """
    base = len(alphabet)
    if alphabet[0] == "0":
        text = str(limit)
        first, any_char = "[1-9]", r"\d"
    else:
        letters = []
        number = limit
        while number > 0:
            number, remainder = divmod(number - 1, base)
            letters.append(alphabet[remainder])
        text = "".join(reversed(letters))
        first, any_char = f"[{alphabet[0]}-{alphabet[-1]}]", f"[{alphabet[0]}-{alphabet[-1]}]"
    length = len(text)
    options = [f"{first}{any_char}{{{length},}}"]
    for index, char in enumerate(text):
        position = alphabet.index(char)
        if position + 1 < base:
            options.append(
                f"{text[:index]}[{alphabet[position + 1]}-{alphabet[-1]}]{any_char}{{{length - index - 1}}}"
            )
    return "(?:" + "|".join(options) + ")"


_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_DIGITS = "0123456789"
_PREFIXED_CELL = re.compile(rb"<[A-Za-z_][\w.-]*:(?:c|row)[\s>/]")
_NOT_CELLS = (b"<co", b"<cf", b"<cu", b"<ce")
MAX_TAG_BYTES = 1 * MB


def check_xlsx_extent(source: bytes | IO[bytes], *, max_rows: int, max_columns: int, name: str = "") -> None:
    """Refuse a workbook with a cell beyond `max_rows` × `max_columns` before a reader sees it.

    Readers such as calamine allocate the whole rectangle from the first to the last cell, so a
    5 KB file with cells A1 and XFD1048576 asks for 17 billion cells. Run after `check_package`
    (sizes are bounded); each worksheet is streamed once and searched, not parsed: every explicit
    cell or row reference (`r="…"`) is compared with the limits, namespace-prefixed cells are
    refused, and cells without a reference (placed after the previous one) may not outnumber the
    references enough to widen a row past the limit.
    """
    beyond_columns = re.compile(b'r="' + _greater_than(max_columns, _LETTERS).encode() + rb"\d")
    beyond_rows = re.compile(b'r="[A-Z]{0,3}0*' + _greater_than(max_rows, _DIGITS).encode() + rb"(?!\d)")
    too_large = SheetTooLarge(
        _("Tệp “{name}” có dữ liệu vượt quá {rows} dòng hoặc {columns} cột cho phép."),
        field="file",
        name=name,
        rows=max_rows,
        columns=max_columns,
    )
    unreadable = UploadRejected(
        _("Tệp “{name}” có cấu trúc trang tính không chuẩn; hãy mở bằng Excel và lưu lại dạng .xlsx."),
        field="file",
        name=name,
    )
    try:
        with zipfile.ZipFile(_as_file(source)) as archive:
            sheets = [
                entry
                for entry in archive.infolist()
                if entry.filename.lower().startswith("xl/worksheets/")
                and entry.filename.lower().endswith(".xml")
            ]
            for entry in sheets:
                cells = referenced = rows = referenced_rows = 0
                tail = b""
                with archive.open(entry) as stream:
                    while True:
                        chunk = stream.read(CHUNK)
                        data = tail + chunk
                        if chunk:
                            cut = max(data.rfind(b"<"), 0)
                            data, tail = data[:cut], data[cut:]
                            if len(tail) > MAX_TAG_BYTES:
                                raise unreadable
                        if beyond_columns.search(data) or beyond_rows.search(data):
                            raise too_large
                        if _PREFIXED_CELL.search(data):
                            raise unreadable
                        # every "<c…" tag but <col…>, <cfRule>, <customSheetView…>, <cellWatch…>: an upper bound
                        cells += data.count(b"<c") - sum(data.count(other) for other in _NOT_CELLS)
                        referenced += data.count(b'<c r="')
                        rows += data.count(b"<row")
                        referenced_rows += data.count(b'<row r="')
                        if not chunk:
                            break
                # Cells and rows without a reference are placed after the previous one: a few are
                # harmless, many would widen (or lengthen) the sheet past what the references say.
                if cells - referenced > max_columns or rows - referenced_rows > max_columns:
                    raise unreadable
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise UploadRejected(
            _("Tệp “{name}” không phải tệp {kind} hợp lệ."), field="file", name=name, kind=KINDS["xlsx"].label
        ) from None
