"""core.uploads: type by content, zip package checks before parsing, PDF check; Vietnamese 4xx errors."""

import io
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from thidua.core import uploads
from thidua.core.uploads import UploadRejected, UploadTooLarge, check_upload

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def real_xlsx() -> bytes:
    workbook = Workbook()
    workbook.active.append(["Mã", "Tên"])
    workbook.active.append(["CA01", "Công an tỉnh"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def package(entries: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def xlsx_parts(**extra: bytes) -> dict[str, bytes]:
    return {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>", **extra}


def zip_bomb_xlsx(uncompressed_mb: int = 100) -> bytes:
    """A valid-looking .xlsx whose sheet is `uncompressed_mb` MB of highly compressible XML."""
    row = b'<row><c t="inlineStr"><is><t>AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA</t></is></c></row>'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("xl/workbook.xml", b"<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as stream:
            stream.write(b"<worksheet><sheetData>")
            block = row * (1024 * 1024 // len(row))
            for _ in range(uncompressed_mb):
                stream.write(block)
            stream.write(b"</sheetData></worksheet>")
    return buffer.getvalue()


def test_accepts_real_files_and_reports_their_kind():
    assert check_upload(PDF, name="bao-cao.pdf", allowed=["pdf"]).kind == "pdf"
    assert check_upload(PNG, name="anh.png", allowed=["png", "pdf"]).content_type == "image/png"
    checked = check_upload(SimpleUploadedFile("dang-ky.xlsx", real_xlsx()), allowed=["xlsx"])
    assert (checked.kind, checked.extension) == ("xlsx", ".xlsx")


def test_type_is_decided_by_content_not_by_name():
    with pytest.raises(UploadRejected, match="không khớp với phần mở rộng"):
        check_upload(PNG, name="bao-cao.pdf", allowed=["png", "pdf"])
    with pytest.raises(UploadRejected, match="không thuộc định dạng cho phép"):
        check_upload(b"hello, plain text", name="dang-ky.xlsx", allowed=["xlsx"])


@pytest.mark.parametrize(
    "content",
    [b"MZ\x90\x00\x03" + b"\x00" * 100, b"\x7fELF\x02\x01\x01" + b"\x00" * 100, b"#!/bin/sh\nrm -rf /\n"],
)
def test_renamed_executable_is_refused(content):
    with pytest.raises(UploadRejected, match="tệp chương trình") as raised:
        check_upload(content, name="dang-ky.xlsx", allowed=["xlsx"])
    assert raised.value.status == 422


@pytest.mark.parametrize(
    "content",
    [b"<!DOCTYPE html><html><script>alert(1)</script>", b"\xef\xbb\xbf  <html><body>x</body></html>"],
)
def test_renamed_html_is_refused(content):
    with pytest.raises(UploadRejected, match="không thuộc định dạng"):
        check_upload(content, name="dang-ky.xlsx", allowed=["xlsx"])


def test_pdf_with_html_inside_is_refused():
    with pytest.raises(UploadRejected, match="HTML"):
        check_upload(b"%PDF-1.4\n<html><script>alert(1)</script></html>", name="a.pdf", allowed=["pdf"])
    with pytest.raises(UploadRejected, match="%PDF-"):
        uploads.check_pdf(b"<html>%PDF-1.4", name="a.pdf")


def test_empty_and_oversized_files_are_refused_with_size_in_message():
    with pytest.raises(UploadRejected, match="rỗng"):
        check_upload(b"", name="a.pdf", allowed=["pdf"])
    with pytest.raises(UploadTooLarge, match="vượt mức cho phép") as raised:
        check_upload(PDF + b"0" * 2048, name="a.pdf", allowed=["pdf"], max_bytes=1024)
    assert raised.value.status == 413


def test_zip_bomb_is_refused_from_the_directory_fast():
    bomb = zip_bomb_xlsx(100)
    assert len(bomb) < 1024 * 1024
    started = time.perf_counter()
    with pytest.raises(UploadRejected) as raised:
        check_upload(bomb, name="dang-ky.xlsx", allowed=["xlsx"])
    assert time.perf_counter() - started < 0.5  # nothing was inflated
    assert raised.value.status in (413, 422)


def test_high_ratio_entry_is_refused_even_under_the_total_cap():
    bomb = zip_bomb_xlsx(10)
    with pytest.raises(UploadRejected, match="bom nén"):
        check_upload(bomb, name="dang-ky.xlsx", allowed=["xlsx"], max_uncompressed=500 * 1024 * 1024)


def test_declared_total_size_is_capped():
    data = package(xlsx_parts(**{"xl/media/a.bin": b"x" * 4096}), compression=zipfile.ZIP_STORED)
    with pytest.raises(UploadTooLarge, match="khi giải nén"):
        check_upload(data, name="a.xlsx", allowed=["xlsx"], max_uncompressed=2048)


def test_entry_count_is_capped():
    data = package(xlsx_parts(**{f"xl/media/{i}.xml": b"<a/>" for i in range(30)}))
    with pytest.raises(UploadRejected, match="thành phần nén"):
        check_upload(data, name="a.xlsx", allowed=["xlsx"], max_entries=10)


@pytest.mark.parametrize(
    "entry", ["../../etc/passwd", "/etc/passwd", "xl\\..\\x.xml", "C:/windows/x.xml", "xl/a/../../../x.xml"]
)
def test_traversal_entry_names_are_refused(entry):
    data = package(xlsx_parts(**{entry: b"<a/>"}))
    with pytest.raises(UploadRejected, match="không an toàn"):
        check_upload(data, name="a.xlsx", allowed=["xlsx"])


@pytest.mark.parametrize(
    ("entry", "content", "message"),
    [
        ("xl/embeddings/run.exe", b"hello", "tệp chương trình"),
        ("xl/media/image1.png", b"MZ\x90\x00" + b"\x00" * 64, "tệp chương trình"),
        ("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0", "macro"),
    ],
)
def test_executables_and_macros_inside_the_package_are_refused(entry, content, message):
    data = package(xlsx_parts(**{entry: content}))
    with pytest.raises(UploadRejected, match=message):
        check_upload(data, name="a.xlsx", allowed=["xlsx"])


def test_package_must_hold_the_part_of_its_kind():
    docx_like = package({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
    assert check_upload(docx_like, name="mau.docx", allowed=["docx"]).kind == "docx"
    with pytest.raises(UploadRejected, match="không thuộc định dạng cho phép|không phải tệp Excel"):
        check_upload(docx_like, name="mau.xlsx", allowed=["xlsx"])
    with pytest.raises(UploadRejected, match="không phải tệp Word"):
        check_upload(package({"[Content_Types].xml": b"<Types/>"}), name="mau.docx", allowed=["docx"])
    with pytest.raises(UploadRejected, match="không phải tệp Excel"):
        check_upload(b"PK\x03\x04 truncated", name="a.xlsx", allowed=["xlsx"])


def test_a_package_that_lies_about_its_sizes_is_refused():
    """The central directory claims a small entry; the deflated data inflates to more."""
    data = bytearray(package(xlsx_parts(**{"xl/worksheets/sheet1.xml": b"A" * 200_000})))
    archive = zipfile.ZipFile(io.BytesIO(bytes(data)))
    info = archive.getinfo("xl/worksheets/sheet1.xml")
    # patch the uncompressed size in the central directory header (offset 24 from its signature)
    patched = 0
    position = data.find(b"PK\x01\x02")
    while position != -1:
        name_length = int.from_bytes(data[position + 28 : position + 30], "little")
        if data[position + 46 : position + 46 + name_length] == info.filename.encode():
            data[position + 24 : position + 28] = (1000).to_bytes(4, "little")
            patched += 1
        position = data.find(b"PK\x01\x02", position + 4)
    assert patched == 1
    with pytest.raises(UploadRejected, match="không phải tệp Excel"):
        check_upload(bytes(data), name="a.xlsx", allowed=["xlsx"])


def test_file_object_is_left_at_the_start():
    uploaded = SimpleUploadedFile("dang-ky.xlsx", real_xlsx())
    check_upload(uploaded, allowed=["xlsx"])
    assert uploaded.tell() == 0
    assert uploads.read_bytes(uploaded)[:4] == b"PK\x03\x04"
