from django.utils.translation import gettext_lazy as _

from thidua.core.errors import DomainError


class InvalidCode(DomainError):
    code, status = "invalid_code", 404
    message = _("Mã bỏ phiếu không đúng.")


class CodeAlreadyUsed(DomainError):
    code, status = "code_already_used", 409
    message = _("Mã bỏ phiếu này đã được sử dụng; mỗi mã chỉ bỏ phiếu một lần.")


class BallotNotOpen(DomainError):
    code, status = "ballot_not_open", 409
    message = _("Phiếu bầu “{ballot}” hiện không mở để bỏ phiếu.")


class InvalidChoice(DomainError):
    code, status = "invalid_choice", 422
    message = _("Lựa chọn không hợp lệ: {detail}")


class TooManyChoices(DomainError):
    code, status = "too_many_choices", 422
    message = _("Chỉ được chọn tối đa {limit} phương án.")


class QuorumNotMet(DomainError):
    code, status = "quorum_not_met", 409
    message = _("Không đủ số đơn vị có mặt để bỏ phiếu: {present}/{members} đơn vị, cần ít nhất {required}.")


class EmptyRoll(DomainError):
    code, status = "empty_roll", 409
    message = _("Chưa có đại biểu nào có mặt được ghi là người bỏ phiếu.")


class NoOptions(DomainError):
    code, status = "no_options", 422
    message = _("Phiếu bầu phải có ít nhất một phương án.")


class BallotNotEditable(DomainError):
    code, status = "ballot_not_editable", 409
    message = _("Chỉ sửa được phiếu bầu khi chưa mở bỏ phiếu.")


class SamePersonConfirms(DomainError):
    code, status = "same_person_confirms", 409
    message = _("Người xác nhận phiếu giấy phải khác người đã nhập.")


class PaperUnconfirmed(DomainError):
    code, status = "paper_unconfirmed", 409
    message = _("Còn {count} lô phiếu giấy chưa được người thứ hai xác nhận.")


class PaperExceedsIssued(DomainError):
    code, status = "paper_exceeds_issued", 409
    message = _("Số phiếu giấy thu về ({collected}) vượt số phiếu giấy đã phát ({issued}).")


class PaperRecordNotAllowed(DomainError):
    code, status = "paper_record_not_allowed", 409
    message = _(
        "Chỉ ghi kết quả theo biên bản giấy cho phiếu bầu chưa mở và chưa có phiếu nào (trạng thái hiện tại: "
        "“{status}”, {batches} đợt nhập phiếu giấy)."
    )


class PaperNotAllowed(DomainError):
    code, status = "paper_not_allowed", 409
    message = _("Không thể nhập phiếu giấy khi phiếu bầu đang ở trạng thái “{status}”.")


class BatchAlreadyConfirmed(DomainError):
    code, status = "batch_already_confirmed", 409
    message = _("Lô phiếu giấy đã được xác nhận.")


class NoTieToDecide(DomainError):
    code, status = "no_tie_to_decide", 409
    message = _("Không có trường hợp đồng phiếu chờ chủ trì quyết định.")


class TooManyAttempts(DomainError):
    code, status = "too_many_attempts", 429
    message = _("Nhập sai mã quá nhiều lần. Vui lòng thử lại sau {retry_after} giây.")


class SlipsAlreadyPrinted(DomainError):
    code, status = "slips_already_printed", 409
    message = _("Phiếu mã đã được in một lần; chỉ in lại được từng phiếu (mã cũ bị thu hồi).")


class SlipsNotPrinted(DomainError):
    code, status = "slips_not_printed", 409
    message = _("Chưa in phiếu mã của phiếu bầu này.")


class CodeNotReprintable(DomainError):
    code, status = "code_not_reprintable", 409
    message = _("Không in lại được: đại biểu không có mã chưa sử dụng trong phiếu bầu này.")


class BadCommittee(DomainError):
    code, status = "bad_committee", 422
    message = _("Ban kiểm phiếu giữ khóa không hợp lệ: {detail}.")


class BallotHasVotes(DomainError):
    code, status = "ballot_has_votes", 409
    message = _("Hộp phiếu đã có phiếu: không thể tạo lại khóa. Mảnh khóa bị mất không thay được nữa.")


class BallotNotSealed(DomainError):
    code, status = "ballot_not_sealed", 409
    message = _("Phiếu bầu chưa có khóa niêm phong; hãy mở bỏ phiếu lại.")


class InvalidShare(DomainError):
    code, status = "invalid_share", 422
    message = _("Mảnh khóa thứ {index} không đúng (sai ký tự, sai mã kiểm tra hoặc của phiếu bầu khác).")


class UnknownShare(DomainError):
    code, status = "unknown_share", 422
    message = _("Mảnh khóa số {number} không thuộc ban kiểm phiếu của phiếu bầu này.")


class NotEnoughShares(DomainError):
    code, status = "not_enough_shares", 422
    message = _(
        "Cần ít nhất {required} mảnh khóa khác nhau của ban kiểm phiếu; mới nhập {given}. Chưa mở phiếu nào."
    )


class SharesDoNotMatch(DomainError):
    code, status = "shares_do_not_match", 422
    message = _(
        "Các mảnh khóa không ghép được thành khóa của phiếu bầu (mảnh sai hoặc của lần tạo khóa trước). "
        "Chưa mở phiếu nào."
    )


class RecountNotAllowed(DomainError):
    code, status = "recount_not_allowed", 409
    message = _("Chỉ kiểm lại được phiếu bầu đã kiểm phiếu, chưa công bố và chưa có vòng bỏ phiếu lại.")
