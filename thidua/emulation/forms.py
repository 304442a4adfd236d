from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.core.dates import KnownDateFormField
from thidua.core.formfields import choice_field
from thidua.core.schemas import NARRATIVE, REASON
from thidua.core.versioning import version_field
from thidua.core.widgets import NumberInput

from .models import (
    CovenantDocumentKind,
    CovenantScale,
    CriterionMethod,
    Direction,
    InitiativeKind,
    Measure,
    MovementKind,
    ResultMeasure,
    ResultQualifier,
    RuleKind,
)

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class CovenantForm(forms.Form):
    slogan = forms.CharField(label=_("Khẩu hiệu"), max_length=255, required=False)
    total_points = forms.DecimalField(
        label=_("Tổng điểm"), max_digits=7, decimal_places=2, initial=Decimal("100")
    )
    signed_at_place = forms.CharField(label=_("Địa điểm ký kết"), max_length=255, required=False)
    scale = forms.ChoiceField(
        label=_("Thang điểm"), choices=CovenantScale.choices, initial=CovenantScale.POINTS, required=False
    )

    def clean_scale(self) -> str:
        return self.cleaned_data.get("scale") or CovenantScale.POINTS  # a form without the field: points


class ScaleForm(forms.Form):
    scale = forms.ChoiceField(label=_("Thang điểm"), choices=CovenantScale.choices)


class CovenantDocumentForm(forms.Form):
    """A paper adopted with the covenant (16.5); the file is optional, the adoption date may be partial."""

    kind = forms.ChoiceField(label=_("Loại văn bản"), choices=CovenantDocumentKind.choices)
    title = forms.CharField(label=_("Tên văn bản"), max_length=255, required=False)
    number = forms.CharField(label=_("Số, ký hiệu"), max_length=60, required=False)
    adopted_on = KnownDateFormField(label=_("Ngày thông qua"))
    file = forms.FileField(label=_("Tệp (nếu có)"), required=False)


class GroupForm(forms.Form):
    code = forms.CharField(label=_("Mã"), max_length=20)
    title = forms.CharField(label=_("Nội dung"), max_length=255)


class CriterionForm(forms.Form):
    group = forms.TypedChoiceField(label=_("Nhóm"), coerce=int)
    code = forms.CharField(label=_("Mã"), max_length=20)
    title = forms.CharField(label=_("Tiêu chí"), max_length=500)
    max_points = forms.DecimalField(
        label=_("Điểm tối đa"),
        max_digits=7,
        decimal_places=2,
        min_value=0,
        required=False,
        help_text=_("Để trống khi giao ước không có thang điểm."),
    )
    method = forms.ChoiceField(label=_("Cách chấm"), choices=CriterionMethod.choices)
    reference = forms.CharField(label=_("Căn cứ"), max_length=500, required=False)

    def __init__(self, *args, groups=(), **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self, "group").choices = [(g.pk, f"{g.code}. {g.title}") for g in groups]


class RuleForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại"), choices=RuleKind.choices)
    title = forms.CharField(label=_("Nội dung"), max_length=500)
    points = forms.DecimalField(label=_("Điểm mỗi lần"), max_digits=7, decimal_places=2, min_value=0)
    cap = forms.DecimalField(label=_("Tối đa"), max_digits=7, decimal_places=2, min_value=0, required=False)


class SignForm(forms.Form):
    signed_on = forms.DateField(label=_("Ngày ký kết"), input_formats=DATE_FORMATS)


class DeadlineForm(forms.Form):
    due_date = forms.DateField(label=_("Hạn báo cáo của cụm"), input_formats=DATE_FORMATS)


class AmendForm(forms.Form):
    criterion = forms.TypedChoiceField(label=_("Tiêu chí"), coerce=int)
    max_points = forms.DecimalField(
        label=_("Điểm tối đa mới"), max_digits=7, decimal_places=2, min_value=0, required=False
    )
    title = forms.CharField(label=_("Tên tiêu chí mới"), max_length=500, required=False)
    second_criterion = forms.TypedChoiceField(
        label=_("Tiêu chí điều chỉnh bù điểm"), coerce=int, required=False, empty_value=None
    )
    second_max_points = forms.DecimalField(
        label=_("Điểm tối đa mới (tiêu chí bù)"), max_digits=7, decimal_places=2, min_value=0, required=False
    )
    reason = forms.CharField(
        max_length=REASON, label=_("Lý do sửa đổi"), widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(c.pk, f"{c.code}. {c.title} ({c.max_points})") for c in criteria]
        choice_field(self, "criterion").choices = choices
        choice_field(self, "second_criterion").choices = [("", "—"), *choices]

    def changes(self) -> list[dict]:
        data = self.cleaned_data
        fields = {k: data[k] for k in ("max_points", "title") if data.get(k) not in (None, "")}
        changes = [{"kind": "criterion", "id": data["criterion"], "fields": fields}]
        if data.get("second_criterion") and data.get("second_max_points") is not None:
            changes.append(
                {
                    "kind": "criterion",
                    "id": data["second_criterion"],
                    "fields": {"max_points": data["second_max_points"]},
                }
            )
        return changes


class TargetForm(forms.Form):
    criterion = forms.TypedChoiceField(
        label=_("Tiêu chí giao ước"), coerce=int, required=False, empty_value=None
    )
    indicator = forms.CharField(label=_("Chỉ tiêu"), max_length=500)
    unit_of_measure = forms.CharField(label=_("Đơn vị tính"), max_length=60)
    direction = forms.ChoiceField(label=_("Chiều đánh giá"), choices=Direction.choices)
    measure = forms.ChoiceField(label=_("Cách tính"), choices=Measure.choices)
    target_value = forms.DecimalField(
        label=_("Chỉ tiêu đăng ký"), max_digits=14, decimal_places=2, min_value=0
    )
    note = forms.CharField(label=_("Ghi chú"), max_length=500, required=False)

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self, "criterion").choices = [
            ("", "—"),
            *[(c.pk, f"{c.code}. {c.title}") for c in criteria],
        ]


class TargetEditForm(TargetForm):
    """Correcting a registered target: carries the version it was read at (13.11)."""

    version = version_field()


class ReasonForm(forms.Form):
    reason = forms.CharField(
        max_length=REASON, label=_("Lý do trả lại"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Tệp"))
    description = forms.CharField(label=_("Mô tả"), max_length=255, required=False)


class ReportForm(forms.Form):
    version = version_field()  # the report's version; 1 while the report does not exist yet
    narrative_professional = forms.CharField(
        max_length=NARRATIVE,
        label=_("Công tác chuyên môn"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    narrative_emulation = forms.CharField(
        max_length=NARRATIVE,
        label=_("Công tác thi đua – khen thưởng"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    narrative_force_building = forms.CharField(
        max_length=NARRATIVE,
        label=_("Xây dựng lực lượng, hậu cần – kỹ thuật"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args, targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.targets = list(targets)
        for target in self.targets:
            self.fields[f"value_{target.pk}"] = forms.DecimalField(
                label=target.indicator,
                max_digits=14,
                decimal_places=2,
                min_value=0,
                required=False,
                widget=NumberInput(attrs={"style": "min-width:7rem"}),
            )

    def value_fields(self):
        return [(target, self[f"value_{target.pk}"]) for target in self.targets]

    def values(self) -> dict:
        return {t.pk: self.cleaned_data.get(f"value_{t.pk}") for t in self.targets}

    def narratives(self) -> dict:
        return {
            k: self.cleaned_data[k]
            for k in ("narrative_professional", "narrative_emulation", "narrative_force_building")
        }


class InitiativeSearchForm(forms.Form):
    q = forms.CharField(label=_("Tìm mô hình, sáng kiến"), max_length=100, required=False)
    kind = forms.ChoiceField(
        label=_("Loại"), choices=[("", "— Tất cả —"), *InitiativeKind.choices], required=False
    )
    year = forms.IntegerField(label=_("Năm"), required=False, min_value=2000, max_value=2100)


class InitiativeForm(forms.Form):
    unit = forms.TypedChoiceField(label=_("Đơn vị"), coerce=int)
    kind = forms.ChoiceField(label=_("Loại"), choices=InitiativeKind.choices)
    name = forms.CharField(label=_("Tên"), max_length=255)
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    description = forms.CharField(
        max_length=NARRATIVE, label=_("Mô tả"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    results = forms.CharField(
        max_length=NARRATIVE,
        label=_("Kết quả, hiệu quả"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self, "unit").choices = [(u.pk, u.name) for u in units]


class MovementForm(forms.Form):
    """Launch a movement: the owner is one of the boards the user sits on; clusters are that owner's."""

    owner = forms.TypedChoiceField(label=_("Cơ quan phát động"), coerce=int)
    kind = forms.ChoiceField(label=_("Loại phong trào"), choices=MovementKind.choices)
    name = forms.CharField(label=_("Tên phong trào"), max_length=255)
    slogan = forms.CharField(label=_("Khẩu hiệu hành động"), max_length=255, required=False)
    start_date = forms.DateField(label=_("Từ ngày"), input_formats=DATE_FORMATS)
    end_date = forms.DateField(label=_("Đến ngày"), input_formats=DATE_FORMATS)
    reference = forms.CharField(label=_("Căn cứ (kế hoạch, chỉ thị)"), max_length=255, required=False)
    terms = forms.TypedMultipleChoiceField(label=_("Cụm áp dụng"), coerce=int, required=False)
    description = forms.CharField(
        max_length=NARRATIVE, label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, owners=(), terms=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.owners = {owner.pk: owner for owner in owners}
        self.terms_by_id = {term.pk: term for term in terms}
        choice_field(self, "owner").choices = [(o.pk, o.display_name) for o in owners]
        choice_field(self, "terms").choices = [(t.pk, f"{t.cluster.name} ({t.year})") for t in terms]
        self.fields["terms"].widget.attrs["size"] = min(8, max(2, len(self.terms_by_id)))

    def clean(self):
        super().clean()
        data = self.cleaned_data
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("Ngày kết thúc phải sau ngày bắt đầu."))
        owner = self.owners.get(data.get("owner"))
        if owner is not None:
            foreign = [
                t
                for t in (self.terms_by_id[pk] for pk in data.get("terms", []))
                if t.cluster.owner_id != owner.pk
            ]
            if foreign:
                self.add_error(
                    "terms",
                    _("Cụm “%(term)s” không do %(owner)s quản lý.")
                    % {"term": foreign[0].cluster.name, "owner": owner.display_name},
                )
        return data


class TermResultForm(forms.Form):
    """A result a paper counts (16.7); the unit left empty is the cluster as a whole."""

    unit = forms.TypedChoiceField(label=_("Đơn vị"), coerce=int, required=False, empty_value=None)
    measure = forms.ChoiceField(label=_("Loại kết quả"), choices=ResultMeasure.choices)
    label = forms.CharField(label=_("Nội dung"), max_length=255)
    qualifier = forms.ChoiceField(
        label=_("Mức chính xác"), choices=ResultQualifier.choices, initial=ResultQualifier.EXACT
    )
    value = forms.DecimalField(
        label=_("Số liệu"),
        max_digits=18,
        decimal_places=2,
        min_value=0,
        widget=NumberInput(attrs={"step": "0.01"}),
    )
    unit_of_measure = forms.CharField(label=_("Đơn vị tính"), max_length=40, required=False)
    target_authority = forms.CharField(label=_("Chỉ tiêu của (vd: Bộ giao)"), max_length=120, required=False)
    period_label = forms.CharField(label=_("Thời kỳ"), max_length=120, required=False)
    source = forms.CharField(label=_("Nguồn"), max_length=500, required=False)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self, "unit").choices = [("", _("— Cả cụm —")), *[(u.pk, u.name) for u in units]]
