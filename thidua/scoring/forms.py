from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.core.formfields import model_choice_field
from thidua.core.schemas import NARRATIVE
from thidua.organisation.models import Unit

from .models import AdjustmentKind, BandChoice, TargetFormula


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
        model_choice_field(self, "inspecting_unit").queryset = queryset
        model_choice_field(self, "inspected_unit").queryset = queryset


class RecordForm(forms.Form):
    inspected_on = forms.DateField(label=_("Ngày kiểm tra"), input_formats=["%d/%m/%Y", "%Y-%m-%d"])
    findings = forms.CharField(
        max_length=NARRATIVE, label=_("Kết quả kiểm tra, nhận xét"), widget=forms.Textarea(attrs={"rows": 4})
    )


class ConfigForm(forms.Form):
    threshold_excellent = forms.DecimalField(label=_("Ngưỡng Xuất sắc"), max_digits=8, decimal_places=2)
    threshold_good = forms.DecimalField(label=_("Ngưỡng Tốt"), max_digits=8, decimal_places=2)
    threshold_fair = forms.DecimalField(label=_("Ngưỡng Khá"), max_digits=8, decimal_places=2)
    threshold_average = forms.DecimalField(
        label=_("Ngưỡng Trung bình (dưới mức này: Yếu)"), max_digits=8, decimal_places=2
    )
    serious_violation_max_band = forms.ChoiceField(
        label=_("Xếp loại cao nhất khi có vi phạm nghiêm trọng"), choices=BandChoice.choices
    )
    tie_break = forms.CharField(
        label=_("Thứ tự tiêu chí phụ khi bằng điểm"),
        max_length=200,
        required=False,
        help_text=_(
            "Cách nhau bởi dấu phẩy: group:1 (điểm nội dung 1), penalty (ít điểm trừ), "
            "penalty_count (ít lần bị trừ), bonus (nhiều điểm thưởng), no_serious_violation."
        ),
    )
    bonus_cap = forms.DecimalField(
        label=_("Điểm thưởng tối đa"), max_digits=8, decimal_places=2, required=False
    )
    penalty_cap = forms.DecimalField(
        label=_("Điểm trừ tối đa"), max_digits=8, decimal_places=2, required=False
    )
    target_formula = forms.ChoiceField(label=_("Cách tính điểm chỉ tiêu"), choices=TargetFormula.choices)

    def clean_tie_break(self):
        return [key.strip() for key in self.cleaned_data["tie_break"].split(",") if key.strip()]
