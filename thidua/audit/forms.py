from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.core.widgets import DateInput

from .models import Activity
from .selectors import ActivityFilter


class ActivityFilterForm(forms.Form):
    user = forms.CharField(label=_("Người dùng"), required=False, max_length=150)
    unit = forms.CharField(label=_("Đơn vị"), required=False, max_length=255)
    action = forms.ChoiceField(
        label=_("Hành động"), required=False, choices=[("", _("Mọi hành động")), *Activity.choices]
    )
    target = forms.CharField(label=_("Đối tượng"), required=False, max_length=200)
    client_ip = forms.GenericIPAddressField(label=_("Địa chỉ máy"), required=False)
    date_from = forms.DateField(label=_("Từ ngày"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("Đến ngày"), required=False, widget=DateInput())

    def to_filter(self) -> ActivityFilter:
        data = self.cleaned_data if self.is_valid() else {}
        return ActivityFilter(
            user=data.get("user", ""),
            unit=data.get("unit", ""),
            action=data.get("action", ""),
            target=data.get("target", ""),
            client_ip=data.get("client_ip") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )
