"""The activity log as an Excel workbook."""

import io
from collections.abc import Iterable

import xlsxwriter
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import ActivityEntry


def activity_xlsx(entries: Iterable[ActivityEntry]) -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    sheet = workbook.add_worksheet(_("Nhật ký"))
    bold = workbook.add_format({"bold": True})
    headers = [
        _("Thời điểm"),
        _("Tên đăng nhập"),
        _("Đơn vị"),
        _("Hành động"),
        _("Đối tượng"),
        _("Địa chỉ trang"),
        _("Mã trả về"),
        _("Địa chỉ máy"),
    ]
    for col, title in enumerate(headers):
        sheet.write(0, col, title, bold)
    for row, e in enumerate(entries, start=1):
        values = [
            timezone.localtime(e.at).strftime("%d/%m/%Y %H:%M:%S"),
            e.username,
            e.unit,
            e.get_action_display(),
            e.target,
            e.path,
            e.status if e.status is not None else "",
            e.client_ip or "",
        ]
        for col, value in enumerate(values):
            sheet.write(row, col, value)
    sheet.set_column(0, 0, 20)
    sheet.set_column(1, 3, 24)
    sheet.set_column(4, 5, 50)
    workbook.close()
    return buffer.getvalue()
