from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.core.formfields import choice_field
from thidua.core.schemas import NOTE

from .models import SelectionMode, Unit


class UnitSearchForm(forms.Form):
    q = forms.CharField(label=_("Tìm đơn vị"), required=False, max_length=100)


class HandoverForm(forms.Form):
    new_leader = forms.TypedChoiceField(label=_("Cụm trưởng năm sau"), coerce=int)
    new_deputy = forms.TypedChoiceField(
        label=_("Cụm phó năm sau"), coerce=int, required=False, empty_value=None
    )
    handed_over_on = forms.DateField(label=_("Ngày bàn giao"), input_formats=["%d/%m/%Y", "%Y-%m-%d"])
    mode = forms.ChoiceField(
        label=_("Hình thức"), choices=SelectionMode.choices, initial=SelectionMode.ELECTED
    )
    conference_title = forms.CharField(label=_("Tại hội nghị"), max_length=255, required=False)
    note = forms.CharField(
        max_length=NOTE, label=_("Ghi chú"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, members: list[Unit] | None = None, **kwargs):
        """`members`: the units that may take the roles (next year's members, already loaded)."""
        super().__init__(*args, **kwargs)
        self.members = {unit.pk: unit for unit in members or []}
        choices = [(unit.pk, unit.name) for unit in sorted(self.members.values(), key=lambda u: u.name)]
        choice_field(self, "new_leader").choices = [("", "---------"), *choices]
        choice_field(self, "new_deputy").choices = [("", "---------"), *choices]

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("new_leader") and data.get("new_leader") == data.get("new_deputy"):
            self.add_error("new_deputy", _("Cụm trưởng và Cụm phó phải là hai đơn vị khác nhau."))
        for field in ("new_leader", "new_deputy"):
            if data.get(field) is not None:
                data[field] = self.members[data[field]]
        return data
