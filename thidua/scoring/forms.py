from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.organisation.models import Unit

from .models import AdjustmentKind


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do / căn cứ"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class AdjustmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại"), choices=AdjustmentKind.choices)
    points = forms.DecimalField(label=_("Số điểm"), min_value=0.01, max_value=1000, decimal_places=2)
    reason = forms.CharField(label=_("Lý do"), max_length=2000)
    is_serious_violation = forms.BooleanField(label=_("Vi phạm nghiêm trọng"), required=False)
    evidence = forms.FileField(label=_("Tài liệu minh chứng"), required=False)


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Ý kiến của đơn vị"), widget=forms.Textarea(attrs={"rows": 2}), max_length=4000
    )


class AssignForm(forms.Form):
    inspecting_unit = forms.ModelChoiceField(label=_("Đơn vị kiểm tra"), queryset=Unit.objects.none())
    inspected_unit = forms.ModelChoiceField(label=_("Đơn vị được kiểm tra"), queryset=Unit.objects.none())

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        queryset = members if members is not None else Unit.objects.none()
        self.fields["inspecting_unit"].queryset = queryset
        self.fields["inspected_unit"].queryset = queryset


class RecordForm(forms.Form):
    inspected_on = forms.DateField(label=_("Ngày kiểm tra"), input_formats=["%d/%m/%Y", "%Y-%m-%d"])
    findings = forms.CharField(
        label=_("Kết quả kiểm tra, nhận xét"), widget=forms.Textarea(attrs={"rows": 4})
    )
