from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.core.formfields import choice_field, model_choice_field
from thidua.core.schemas import SEARCH

from .services.importing import max_rows


class AccountSearchForm(forms.Form):
    q = forms.CharField(label=_("Tìm tài khoản"), required=False, max_length=SEARCH)
    state = forms.ChoiceField(
        label=_("Trạng thái"),
        required=False,
        choices=[("", _("Tất cả")), ("active", _("Đang dùng")), ("inactive", _("Đã khóa"))],
    )


class _UnitRoleFields(forms.Form):
    unit: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Đơn vị"),
        queryset=None,  # type: ignore[arg-type]  # set in __init__
        error_messages={"invalid_choice": _("Đơn vị này không thuộc phạm vi quản lý của bạn.")},
    )
    role = forms.ChoiceField(label=_("Vai trò"))

    def __init__(self, *args, units, roles, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "unit").queryset = units
        choice_field(self, "role").choices = roles


class AccountCreateForm(_UnitRoleFields):
    """Text checks (allowed characters, formulas, lengths) are the service's, shared with the API."""

    username = forms.CharField(label=_("Tên đăng nhập"), max_length=60)
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    email = forms.CharField(label=_("Thư điện tử"), max_length=254, required=False)
    rank = forms.CharField(label=_("Cấp bậc"), max_length=80, required=False)
    position = forms.CharField(label=_("Chức vụ"), max_length=150, required=False)
    field_order = ["username", "full_name", "email", "rank", "position", "unit", "role"]


class GrantForm(_UnitRoleFields):
    pass


class GrantEndForm(forms.Form):
    ended_on = forms.DateField(
        label=_("Kết thúc ngày"), required=False, input_formats=["%Y-%m-%d", "%d/%m/%Y"]
    )


class AccountImportForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp Excel (.xlsx)"),
        help_text=_("Trang tính “Tài khoản”, mỗi dòng một vai trò; tối đa %(rows)s dòng.")
        % {"rows": max_rows()},
    )
