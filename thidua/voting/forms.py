from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.core.formfields import model_choice_field
from thidua.core.schemas import NARRATIVE, NOTE
from thidua.core.widgets import NumberInput
from thidua.organisation.models import Unit

from .models import BallotKind, ThresholdBase, TieBreak

THRESHOLD_PRESETS = [
    ("1/2/strict", _("Trên 50 % (> 1/2)")),
    ("1/2/inclusive", _("Từ 50 % trở lên (≥ 1/2)")),
    ("2/3/inclusive", _("Từ 2/3 trở lên (≥ 2/3)")),
    ("2/3/strict", _("Trên 2/3 (> 2/3)")),
    ("9/10/inclusive", _("Từ 90 % trở lên (≥ 90 %)")),
]


class BallotForm(forms.Form):
    kind = forms.ChoiceField(label=_("Hình thức"), choices=BallotKind.choices)
    title = forms.CharField(label=_("Nội dung bỏ phiếu"), max_length=255)
    award_title = forms.CharField(label=_("Danh hiệu đề nghị (nếu có)"), max_length=255, required=False)
    units = forms.ModelMultipleChoiceField(
        label=_("Đơn vị là phương án"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    proposals = forms.CharField(
        max_length=NARRATIVE,
        label=_("Phương án khác (mỗi dòng một phương án)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    threshold = forms.ChoiceField(label=_("Ngưỡng đạt"), choices=THRESHOLD_PRESETS, initial="1/2/strict")
    threshold_base = forms.ChoiceField(
        label=_("Tỷ lệ tính trên"), choices=ThresholdBase.choices, initial=ThresholdBase.VALID_BALLOTS
    )
    max_winners = forms.IntegerField(
        label=_("Số phương án được chọn tối đa (để trống: mọi phương án đạt)"), min_value=1, required=False
    )
    max_choices = forms.IntegerField(
        label=_("Mỗi phiếu chọn tối đa (chọn tối đa N)"), min_value=1, required=False
    )
    votes_per_unit = forms.IntegerField(label=_("Số phiếu mỗi đơn vị"), min_value=1, initial=1)
    quorum = forms.ChoiceField(
        label=_("Số đơn vị có mặt tối thiểu"),
        choices=[
            ("2/3", _("2/3 số đơn vị thành viên")),
            ("1/2", _("1/2 số đơn vị thành viên")),
            ("1/1", _("Tất cả")),
        ],
        initial="2/3",
    )
    blank_ballot_is_valid = forms.BooleanField(
        label=_("Phiếu trắng là phiếu hợp lệ"), required=False, initial=True
    )
    tie_max_rounds = forms.IntegerField(
        label=_("Số vòng bỏ phiếu lại khi đồng phiếu"), min_value=0, initial=2
    )
    tie_break = forms.ChoiceField(
        label=_("Sau đó phân định theo"), choices=TieBreak.choices, initial=TieBreak.SCORE
    )
    tally_chair = forms.CharField(label=_("Trưởng ban kiểm phiếu"), max_length=200, required=False)
    tally_committee = forms.CharField(
        max_length=NOTE,
        label=_("Thành viên ban kiểm phiếu (mỗi dòng một người)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "units").queryset = members if members is not None else Unit.objects.none()

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        numerator, denominator, mode = data["threshold"].split("/")
        quorum_numerator, quorum_denominator = data["quorum"].split("/")
        return {
            "kind": data["kind"],
            "title": data["title"],
            "award_title": data["award_title"],
            "units": list(data["units"]) or None,
            "proposals": [line for line in data["proposals"].splitlines() if line.strip()],
            "threshold_numerator": int(numerator),
            "threshold_denominator": int(denominator),
            "threshold_strict": mode == "strict",
            "threshold_base": data["threshold_base"],
            "max_winners": data["max_winners"],
            "max_choices": data["max_choices"],
            "votes_per_unit": data["votes_per_unit"],
            "quorum_numerator": int(quorum_numerator),
            "quorum_denominator": int(quorum_denominator),
            "blank_ballot_is_valid": data["blank_ballot_is_valid"],
            "tie_max_rounds": data["tie_max_rounds"],
            "tie_break": data["tie_break"],
            "tally_chair": data["tally_chair"],
            "tally_committee": [
                line.strip() for line in data["tally_committee"].splitlines() if line.strip()
            ],
        }


class CommitteeForm(forms.Form):
    tally_chair = forms.CharField(label=_("Trưởng ban kiểm phiếu"), max_length=200, required=False)
    tally_committee = forms.CharField(
        max_length=NOTE,
        label=_("Thành viên ban kiểm phiếu (mỗi dòng một người)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class PaperTotalsForm(forms.Form):
    """Totals of counted paper ballots; one integer field per option × mark is added at runtime."""

    collected = forms.IntegerField(label=_("Số phiếu giấy thu về"), min_value=0, widget=NumberInput())
    invalid = forms.IntegerField(
        label=_("Số phiếu không hợp lệ"), min_value=0, initial=0, widget=NumberInput()
    )
    invalid_reasons = forms.CharField(label=_("Lý do phiếu không hợp lệ"), max_length=500, required=False)

    def __init__(self, *args, cells=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.cells = list(cells)
        for option_id, value, _label in self.cells:
            self.fields[f"n_{option_id}_{value}"] = forms.IntegerField(
                label=_label, min_value=0, required=False, initial=0, widget=NumberInput(attrs={"min": 0})
            )

    def cell_fields(self) -> list:
        """(label, bound field) per option × mark, for the template (dot-decimal inputs, 15.11)."""
        return [(label, self[f"n_{option_id}_{value}"]) for option_id, value, label in self.cells]

    def totals(self) -> list[tuple[int, str, int]]:
        rows = []
        for option_id, value, _label in self.cells:
            count = self.cleaned_data.get(f"n_{option_id}_{value}") or 0
            if count:
                rows.append((option_id, value, count))
        return rows


def _count_field(label, *, required: bool = False, help_text="") -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=2147483647,
        required=required,
        help_text=help_text,
        widget=NumberInput(attrs={"min": 0}),
        error_messages={"invalid": _("Phải là một số nguyên."), "min_value": _("Không được nhỏ hơn 0.")},
    )


class PaperRecordForm(PaperTotalsForm):
    """A vote held on paper, entered from its minutes without a voter roll (16.10): the figures it states."""

    source = forms.CharField(
        label=_("Văn bản nguồn"),
        max_length=255,
        help_text=_("Ví dụ: Biên bản kiểm phiếu Hội nghị tổng kết ngày 14/11/2017."),
    )
    voters_present = _count_field(_("Số người có mặt bỏ phiếu"), required=True)
    valid = _count_field(_("Số phiếu hợp lệ"), required=True)
    voters_entitled = _count_field(
        _("Số người được quyền bỏ phiếu"), help_text=_("Để trống nếu biên bản không ghi.")
    )
    issued = _count_field(_("Số phiếu phát ra"), help_text=_("Để trống nếu biên bản không ghi."))

    field_order = ["source", "voters_entitled", "voters_present", "issued", "collected", "valid", "invalid"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["collected"] = _count_field(
            _("Số phiếu thu về"), help_text=_("Để trống nếu biên bản không ghi.")
        )
        self.fields["invalid"] = _count_field(
            _("Số phiếu không hợp lệ"), help_text=_("Để trống nếu biên bản không ghi.")
        )
        self.order_fields(self.field_order)

    def clean(self):
        data = super().clean() or {}
        for name in ("source", "invalid_reasons"):
            if "\x00" in (data.get(name) or ""):
                self.add_error(name, _("Chứa ký tự không hợp lệ."))
        return data
