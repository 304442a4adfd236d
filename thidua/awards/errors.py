"""Domain errors of the awards capability (Vietnamese messages, formatted with their params)."""

from django.utils.translation import gettext_lazy as _

from thidua.core.errors import DomainError, InvalidTransition, NotFound, ValidationFailed

__all__ = [
    "AuthorityNotCompetent",
    "AwardCountBelowNamed",
    "AwardCountDuplicate",
    "AwardTypeCodeTaken",
    "AwardTypeInUse",
    "AwardTypeNotValidInYear",
    "AwardTypeUsedInYears",
    "BatchLocked",
    "CandidateDuplicate",
    "CandidateMismatch",
    "CouncilVoteMissing",
    "DecisionNumberTaken",
    "ImportNotWaiting",
    "ImportRefused",
    "InvalidTransition",
    "NoLegalBasis",
    "NotFound",
    "RecordAlreadyRevoked",
    "ValidationFailed",
]


class BatchLocked(DomainError):
    code, status = "batch_locked", 409
    message = _("Đề nghị đã gửi đi, không thể sửa danh sách (trạng thái: {status}).")


class CandidateDuplicate(DomainError):
    code, status = "candidate_duplicate", 409
    message = _("{recipient} đã có trong đề nghị với “{award}”.")


class CandidateMismatch(DomainError):
    code, status = "candidate_mismatch", 422
    message = _("“{award}” dành cho {kind}; đối tượng đề nghị không phù hợp.")


class AwardTypeNotValidInYear(DomainError):
    code, status = "award_type_not_valid", 422
    message = _("“{award}” không còn áp dụng (hoặc chưa áp dụng) trong năm {year}.")


class AwardTypeCodeTaken(DomainError):
    code, status = "award_type_code_taken", 409
    message = _("Mã “{code}” đã có trong danh mục ({award}); hãy chọn mã khác.")


class AwardTypeInUse(DomainError):
    code, status = "award_type_in_use", 409
    message = _(
        "“{award}” đã được dùng ({uses}). Sửa {fields} sẽ làm thay đổi các quyết định đã có: hãy ghi năm "
        "áp dụng thay đổi để tạo phiên bản mới; phiên bản cũ giữ nguyên cho các năm trước."
    )


class AwardTypeUsedInYears(DomainError):
    code, status = "award_type_used_in_years", 409
    message = _(
        "“{award}” đã được dùng cho năm {years}: {reason} Các bản ghi, đề nghị và số lượng đã có không bị "
        "chuyển sang phiên bản khác."
    )


class NoLegalBasis(DomainError):
    code, status = "no_legal_basis", 422
    message = _("Không có căn cứ pháp lý nào có hiệu lực ngày {day}.")


class CouncilVoteMissing(DomainError):
    code, status = "council_vote_missing", 422
    message = _("Cần ghi số thành viên Hội đồng và số phiếu đồng ý của từng đối tượng trước khi trình.")


class DecisionNumberTaken(DomainError):
    code, status = "decision_number_taken", 409
    message = _("Quyết định số {number} của {authority} đã có trong sổ.")


class RecordAlreadyRevoked(DomainError):
    code, status = "record_revoked", 409
    message = _("Khen thưởng này đã bị thu hồi ngày {day}.")


class ImportRefused(DomainError):
    code, status = "import_refused", 422
    message = _("Không nhận tệp: {reason}")


class ImportNotRetryable(DomainError):
    code, status = "import_not_retryable", 409
    message = _("Chỉ chạy lại được lượt nhập bị gián đoạn (trạng thái hiện tại: “{status}”).")


class AuthorityNotCompetent(DomainError):
    code, status = "authority_not_competent", 422
    message = _("Quyết định của {authority} không thể tặng “{award}”: thẩm quyền của {competent}.")


class AwardCountDuplicate(DomainError):
    code, status = "award_count_duplicate", 409
    message = _(
        "Đã có số lượng “{award}” năm {year} của {holder} theo văn bản số {number}; hãy sửa số lượng đã ghi."
    )


class AwardCountBelowNamed(DomainError):
    code, status = "award_count_below_named", 422
    message = _(
        "Số lượng {count} nhỏ hơn số khen thưởng đã ghi đích danh theo cùng quyết định ({named}); "
        "số lượng phải gồm cả những người, tập thể đã có tên."
    )


class ReturnReasonMissing(DomainError):
    code, status = "return_reason_missing", 422
    message = _("Cần ghi lý do trả lại hồ sơ để đơn vị gửi bổ sung, hoàn thiện.")


class NothingToForward(DomainError):
    code, status = "nothing_to_forward", 422
    message = _(
        "Không có đối tượng nào cần chuyển lên cấp trên: {level} có thẩm quyền quyết định "
        "các đối tượng đã được Hội đồng nhất trí (hoặc đây là cấp cao nhất)."
    )


class NotDecidedHere(DomainError):
    code, status = "not_decided_here", 422
    message = _("“{award}” không thuộc thẩm quyền quyết định của {level}: chuyển đề nghị lên cấp trên.")


class ImportNotWaiting(DomainError):
    code, status = "import_not_waiting", 409
    message = _("Lượt nhập không chờ xác nhận (trạng thái hiện tại: “{status}”).")


class OverrideNeedsSecondPerson(DomainError):
    code, status = "override_needs_second_person", 403
    message = _("Ghi nhận ngoại lệ “{rule}” phải do người thứ hai duyệt, không phải người đề nghị.")


class OverrideAlreadyApproved(DomainError):
    code, status = "override_already_approved", 409
    message = _("Ghi nhận ngoại lệ “{rule}” đã được {approver} duyệt.")


class TitleLimitReached(DomainError):
    code, status = "title_limit_reached", 409
    message = _(
        "{unit} đã nhận “{held}” năm {year}: mỗi đơn vị chỉ nhận tối đa {limit} danh hiệu thi đua {level} "
        "mỗi năm, không thể nhận thêm “{award}”."
    )


class SourceInvalid(DomainError):
    code, status = "achievement_source_invalid", 422
    message = _("Nguồn thành tích không hợp lệ: {reason}")
