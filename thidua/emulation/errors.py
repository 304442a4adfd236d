from django.utils.translation import gettext_lazy as _

from thidua.core.errors import DomainError
from thidua.core.uploads import UploadRejected

__all__ = ["UploadRejected"]  # one upload error for every app (thidua.core.uploads)


class CovenantExists(DomainError):
    code, status = "covenant_exists", 409
    message = _("“{term}” đã có giao ước thi đua.")


class CovenantMissing(DomainError):
    code, status = "covenant_missing", 409
    message = _("“{term}” chưa có giao ước thi đua.")


class NoPreviousCovenant(DomainError):
    code, status = "no_previous_covenant", 404
    message = _("Không tìm thấy giao ước năm {year} của cụm để sao chép.")


class CovenantLocked(DomainError):
    code, status = "covenant_locked", 409
    message = _("Giao ước đã ký kết nên bị khóa; mọi thay đổi phải lập thành văn bản sửa đổi, bổ sung.")


class CovenantNotSigned(DomainError):
    code, status = "covenant_not_signed", 409
    message = _("Giao ước chưa ký kết: sửa trực tiếp, không cần lập sửa đổi.")


class CovenantPointsMismatch(DomainError):
    code, status = "covenant_points_mismatch", 422
    message = _(
        "Tổng điểm tối đa các tiêu chí ({points}) phải bằng tổng điểm của giao ước ({total}); "
        "{unscored} tiêu chí chưa có điểm."
    )


class CovenantEmpty(DomainError):
    code, status = "covenant_empty", 422
    message = _(
        "Giao ước chưa có tiêu chí nào: thêm nội dung và tiêu chí có điểm, hoặc ghi nhận đây là giao ước "
        "không có thang điểm (định tính)."
    )


class CovenantUnscored(DomainError):
    """Criteria are there, their points are not (a paper that gives no point scale)."""

    code, status = "covenant_unscored", 422
    message = _(
        "Giao ước có {count} tiêu chí nhưng chưa tiêu chí nào có điểm tối đa (thang điểm): nhập điểm "
        "tối đa cho từng tiêu chí, hoặc ghi nhận đây là giao ước không có thang điểm (định tính)."
    )


class CovenantNothingToSign(DomainError):
    code, status = "covenant_nothing_to_sign", 422
    message = _(
        "Giao ước không có thang điểm vẫn cần nội dung đã ký: ghi khẩu hiệu hoặc ít nhất một nội dung thi đua."
    )


class CovenantNotScored(DomainError):
    code, status = "covenant_not_scored", 409
    message = _("Giao ước của {term} không có thang điểm (định tính): không có tiêu chí để chấm điểm.")


class DuplicateCode(DomainError):
    code, status = "duplicate_code", 409
    message = _("Mã “{code}” đã được dùng trong giao ước.")


class NotAMember(DomainError):
    code, status = "not_a_member", 422
    message = _("Đơn vị “{unit}” không phải thành viên của “{term}”.")


class CriterionNotInCovenant(DomainError):
    code, status = "criterion_not_in_covenant", 422
    message = _("Tiêu chí không thuộc giao ước của cụm năm {year}.")


class NotEditable(DomainError):
    code, status = "not_editable", 409
    message = _("Hồ sơ đang ở trạng thái “{status}”, không thể sửa. Chỉ sửa khi đang soạn hoặc bị trả lại.")


class NoTargets(DomainError):
    code, status = "no_targets", 422
    message = _("Chưa có chỉ tiêu nào để gửi.")


class ReturnReasonRequired(DomainError):
    code, status = "return_reason_required", 422
    message = _("Phải nêu lý do trả lại.")


class RegistrationNotAccepted(DomainError):
    code, status = "registration_not_accepted", 409
    message = _("Đơn vị “{unit}” chưa có bản đăng ký chỉ tiêu được Cụm trưởng tiếp nhận.")


class PeriodNotInTerm(DomainError):
    code, status = "period_not_in_term", 422
    message = _("Kỳ báo cáo “{period}” không thuộc năm thi đua của cụm.")


class MissingValues(DomainError):
    code, status = "missing_values", 422
    message = _("Chưa nhập kết quả cho {count} chỉ tiêu: {names}.")


class TargetNotInReport(DomainError):
    code, status = "target_not_in_report", 422
    message = _("Chỉ tiêu số {target_id} không thuộc bản đăng ký của đơn vị.")


class ExcelInvalid(DomainError):
    """Carries every problem found; nothing is saved."""

    code, status = "excel_invalid", 422
    message = _("Tệp Excel có {count} lỗi, chưa lưu gì: {first}")

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        super().__init__(count=len(errors), first=errors[0] if errors else "")

    def as_dict(self) -> dict:
        data = super().as_dict()
        data["errors"] = list(self.errors)
        return data
