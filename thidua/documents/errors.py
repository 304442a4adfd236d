from django.utils.translation import gettext_lazy as _

from thidua.core.errors import DomainError


class UnknownKind(DomainError):
    code, status = "unknown_document_kind", 404
    message = _("Không có loại văn bản “{kind}”.")


class MissingContext(DomainError):
    code, status = "document_context_incomplete", 422
    message = _("Thiếu dữ liệu để lập văn bản “{kind}”: {keys}.")


class PdfUnavailable(DomainError):
    code, status = "pdf_unavailable", 503
    message = _(
        "Không thể chuyển sang PDF: máy chủ chưa cài LibreOffice (soffice). "
        "Vui lòng tải bản Word (DOCX) hoặc liên hệ quản trị hệ thống."
    )


class PdfConversionFailed(DomainError):
    code, status = "pdf_conversion_failed", 502
    message = _("Chuyển đổi sang PDF không thành công ({detail}). Vui lòng tải bản Word (DOCX).")


class TemplateInvalid(DomainError):
    code, status = "document_template_invalid", 422
    message = _("Mẫu văn bản không hợp lệ: {detail}")


class TemplateRenderFailed(DomainError):
    code, status = "document_template_render_failed", 422
    message = _("Không lập được văn bản từ mẫu “{template}”: {detail}")


class UnknownFormat(DomainError):
    code, status = "unknown_document_format", 404
    message = _("Định dạng “{fmt}” không được hỗ trợ (chỉ DOCX hoặc PDF).")


class NotGeneratable(DomainError):
    code, status = "document_not_generatable", 422
    message = _("Loại văn bản “{kind}” không lập trực tiếp từ mã nguồn; {hint}")


class CertificateRevoked(DomainError):
    code, status = "certificate_revoked", 409
    message = _("Khen thưởng này đã bị thu hồi: không in Giấy khen, Bằng khen.")


class BallotNotTallied(DomainError):
    code, status = "ballot_not_tallied", 409
    message = _("Phiếu bầu chưa được kiểm: chưa có kết quả để lập biên bản kiểm phiếu.")


class PdfRateLimited(DomainError):
    code, status = "pdf_rate_limited", 429
    message = _(
        "Bạn đã yêu cầu tạo quá nhiều bản PDF trong thời gian ngắn (tối đa {limit} bản mỗi phút). "
        "Vui lòng thử lại sau {seconds} giây hoặc tải bản Word (DOCX)."
    )


class SignatureKeyRefused(DomainError):
    code, status = "signature_key_refused", 422
    message = _("Không dùng được khóa ký số: {reason}.")


class SignedPdfUnreadable(DomainError):
    code, status = "signed_pdf_unreadable", 422
    message = _("Không đọc được tệp PDF để ký hoặc kiểm tra chữ ký số (tệp hỏng hoặc không phải PDF).")


class NotSigned(DomainError):
    code, status = "pdf_not_signed", 422
    message = _("Tệp PDF không có chữ ký số nào.")
