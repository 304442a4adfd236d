from django.utils.translation import gettext_lazy as _

from thidua.core.errors import DomainError


class LeaderNotMember(DomainError):
    code, status = "leader_not_member", 422
    message = _("Đơn vị Cụm trưởng “{unit}” phải là thành viên của cụm trong năm {year}.")


class DeputyNotMember(DomainError):
    code, status = "deputy_not_member", 422
    message = _("Đơn vị Cụm phó “{unit}” phải là thành viên của cụm trong năm {year}.")


class LeaderIsDeputy(DomainError):
    code, status = "leader_is_deputy", 422
    message = _("Cụm trưởng và Cụm phó phải là hai đơn vị khác nhau.")


class UnitInAnotherCluster(DomainError):
    code, status = "unit_in_another_cluster", 409
    message = _(
        "Đơn vị “{unit}” đã thuộc “{cluster}” năm {year}; một đơn vị chỉ thuộc một cụm cùng cấp trong năm."
    )


class TermExists(DomainError):
    code, status = "term_exists", 409
    message = _("Cụm “{cluster}” đã có danh sách năm {year}.")


class ClusterNumberTaken(DomainError):
    code, status = "cluster_number_taken", 409
    message = _("Đã có cụm số {number} thuộc {owner} ở cấp này.")


class UnitCodeTaken(DomainError):
    code, status = "unit_code_taken", 409
    message = _("Mã đơn vị “{code}” đã được dùng.")


class UnitInactive(DomainError):
    code, status = "unit_inactive", 422
    message = _("Đơn vị “{unit}” không còn hoạt động trong năm {year}.")


class MemberHasRole(DomainError):
    code, status = "member_has_role", 409
    message = _("Không thể bỏ “{unit}” khỏi cụm khi đơn vị đang là Cụm trưởng hoặc Cụm phó.")


class InvalidParent(DomainError):
    code, status = "invalid_parent", 422
    message = _("Đơn vị cấp trên không hợp lệ.")


class RoleAlreadyEnded(DomainError):
    code, status = "role_already_ended", 409
    message = _("Vai trò này đã kết thúc ngày {ended_on}.")


class UnitGoneOnTermStart(DomainError):
    code, status = "unit_gone_on_term_start", 422
    message = _(
        "Không thể giao cho “{unit}”: ngày {day} (đầu nhiệm kỳ mới) đơn vị không còn tồn tại — {reason}."
    )
