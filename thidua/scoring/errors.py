from django.utils.translation import gettext_lazy as _

from thidua.core.errors import DomainError


class ScoresLocked(DomainError):
    code, status = "scores_locked", 409
    message = _("Điểm kỳ {period} của {term} đã khóa; chỉ được sửa sau khi mở lại có ghi rõ lý do.")


class ScoresNotLocked(DomainError):
    code, status = "scores_not_locked", 409
    message = _("Điểm kỳ {period} của {term} chưa bị khóa.")


class PointsOutOfRange(DomainError):
    code, status = "points_out_of_range", 422
    message = _("Điểm phải từ 0 đến {max_points}.")


class ReasonRequired(DomainError):
    code, status = "reason_required", 422
    message = _("Phải ghi lý do.")


class DifferenceReasonMissing(DomainError):
    code, status = "difference_reason_missing", 422
    message = _("Tiêu chí {criteria} của {unit} có điểm thẩm định khác điểm tự chấm nhưng chưa ghi lý do.")


class CovenantRequired(DomainError):
    code, status = "covenant_required", 409
    message = _("{term} chưa có giao ước thi đua với tiêu chí chấm điểm.")


class PeriodNotForTerm(DomainError):
    code, status = "period_not_for_term", 422
    message = _("Kỳ {period} không thuộc năm {year} của cơ quan quản lý cụm.")


class NotAMember(DomainError):
    code, status = "not_a_member", 422
    message = _("{unit} không phải thành viên của {term}.")


class SelfInspection(DomainError):
    code, status = "self_inspection", 422
    message = _("Đơn vị không tự kiểm tra chéo chính mình.")


class InvalidScoringConfig(DomainError):
    code, status = "invalid_scoring_config", 422
    message = _("Cấu hình chấm điểm không hợp lệ: {detail}")
