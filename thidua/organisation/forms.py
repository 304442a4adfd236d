from django import forms
from django.utils.translation import gettext_lazy as _

from .models import SelectionMode, Unit


class UnitSearchForm(forms.Form):
    q = forms.CharField(label=_("Tìm đơn vị"), required=False, max_length=100)


class HandoverForm(forms.Form):
    new_leader = forms.ModelChoiceField(label=_("Cụm trưởng năm sau"), queryset=Unit.objects.none())
    new_deputy = forms.ModelChoiceField(
        label=_("Cụm phó năm sau"), queryset=Unit.objects.none(), required=False
    )
    handed_over_on = forms.DateField(label=_("Ngày bàn giao"), input_formats=["%d/%m/%Y", "%Y-%m-%d"])
    mode = forms.ChoiceField(
        label=_("Hình thức"), choices=SelectionMode.choices, initial=SelectionMode.ELECTED
    )
    conference_title = forms.CharField(label=_("Tại hội nghị"), max_length=255, required=False)
    note = forms.CharField(label=_("Ghi chú"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        queryset = members if members is not None else Unit.objects.none()
        self.fields["new_leader"].queryset = queryset
        self.fields["new_deputy"].queryset = queryset

    def clean(self):
        data = super().clean()
        if data.get("new_leader") and data.get("new_leader") == data.get("new_deputy"):
            self.add_error("new_deputy", _("Cụm trưởng và Cụm phó phải là hai đơn vị khác nhau."))
        return data
