from django.utils.translation import gettext_lazy as _

from thidua.core.errors import DomainError


class ConferenceLocked(DomainError):
    code, status = "conference_locked", 409
    message = _("Biên bản hội nghị “{conference}” đã được thông qua; không thể sửa.")


class AttendeeHasVoterCode(DomainError):
    code, status = "attendee_has_voter_code", 409
    message = _("Đại biểu “{attendee}” đã được cấp mã bỏ phiếu nên không thể xoá; hãy ghi vắng mặt.")


class UnitNotMember(DomainError):
    code, status = "unit_not_member", 422
    message = _("Đơn vị “{unit}” không phải thành viên của cụm trong năm {year}.")


class HostNotMember(DomainError):
    code, status = "host_not_member", 422
    message = _("Đơn vị đăng cai “{unit}” phải là thành viên của cụm trong năm {year}.")


class NotYearEnd(DomainError):
    code, status = "not_year_end", 409
    message = _("Chỉ hội nghị tổng kết năm mới ghi nhận bàn giao Cụm trưởng, Cụm phó.")


class HandoverExists(DomainError):
    code, status = "handover_exists", 409
    message = _("Hội nghị này đã ghi nhận bàn giao Cụm trưởng, Cụm phó.")


class PeriodMismatch(DomainError):
    code, status = "period_mismatch", 422
    message = _("Kỳ thi đua “{period}” không thuộc cơ quan quản lý của cụm.")
