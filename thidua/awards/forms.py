import re
from typing import Any

from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _

from thidua.core.dates import KnownDateFormField
from thidua.core.formfields import choice_field, model_choice_field
from thidua.core.schemas import NAME, NARRATIVE
from thidua.core.versioning import version_field
from thidua.core.widgets import DateInput, NumberInput
from thidua.organisation.models import Unit

from .models import (
    AuthorityLevel,
    AwardCategory,
    AwardType,
    LegalBasis,
    Person,
    ProposalStatus,
    RecipientKind,
    StateAwardKind,
    Track,
)


class CandidateForm(forms.Form):
    award_type = forms.ModelChoiceField(AwardType.objects.none(), label=_("Danh hiệu / hình thức"))
    unit = forms.ModelChoiceField(Unit.objects.none(), label=_("Đơn vị (tập thể)"))
    person = forms.ModelChoiceField(Person.objects.none(), label=_("Cá nhân"), required=False)
    achievement = forms.CharField(
        max_length=NARRATIVE, label=_("Tóm tắt thành tích"), widget=forms.Textarea(attrs={"rows": 2})
    )
    leads_cluster = forms.BooleanField(label=_("Đơn vị dẫn đầu cụm (ghi nhận)"), required=False)
    meets_flag_standard = forms.BooleanField(
        label=_("Đạt tiêu chuẩn Cờ thi đua Bộ Công an (ghi nhận)"), required=False
    )
    source_kind = forms.ChoiceField(
        label=_("Nguồn thành tích"),
        required=False,
        choices=[
            ("", _("Không dẫn nguồn")),
            ("report", _("Báo cáo thi đua")),
            ("initiative", _("Sáng kiến, mô hình")),
            ("ballot", _("Kết quả bỏ phiếu của hội nghị cụm")),
            ("decision", _("Quyết định khen thưởng")),
        ],
    )
    source_id = forms.IntegerField(
        label=_("Số hiệu bản ghi nguồn"), required=False, min_value=1, max_value=2**63 - 1
    )
    override_reason = forms.CharField(
        max_length=2000,
        required=False,
        label=_("Lý do ghi nhận bằng tay"),
        help_text=_(
            "Chỉ khi dữ liệu năm chưa có kết quả xét Cờ thi đua Bộ Công an, kết quả suy tôn hay bảng xếp hạng "
            "đã khóa; cần người thứ hai duyệt."
        ),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, units, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "unit").queryset = units
        model_choice_field(self, "person").queryset = (
            Person.objects.filter(unit__in=units).select_related("unit").order_by("unit__name", "full_name")
        )
        model_choice_field(self, "award_type").queryset = AwardType.objects.exclude(
            valid_to_year__lt=year
        ).exclude(valid_from_year__gt=year)


class FromBallotForm(forms.Form):
    """Propose the units a cluster conference voted for (suy tôn), for one collective award."""

    ballot = forms.TypedChoiceField(label=_("Kết quả bỏ phiếu tại hội nghị cụm"), coerce=int)
    award_type = forms.ModelChoiceField(AwardType.objects.none(), label=_("Danh hiệu / hình thức tập thể"))

    def __init__(self, *args, ballots, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.ballots = {ballot.pk: ballot for ballot in ballots}
        choice_field(self, "ballot").choices = [
            (b.pk, f"{b.conference.date:%d/%m/%Y} · {b.title}") for b in ballots
        ]
        model_choice_field(self, "award_type").queryset = (
            AwardType.objects.filter(recipient_kind=RecipientKind.COLLECTIVE)
            .exclude(valid_to_year__lt=year)
            .exclude(valid_from_year__gt=year)
        )


class CouncilVoteForm(forms.Form):
    council_members = forms.IntegerField(label=_("Số thành viên Hội đồng"), min_value=1)
    council_present = forms.IntegerField(label=_("Số thành viên dự họp"), min_value=0)
    voted_on = forms.DateField(label=_("Ngày họp"), widget=DateInput())
    version = version_field()  # the proposal as the form showed it (13.11)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        for candidate in candidates:
            self.fields[f"votes_{candidate.pk}"] = forms.IntegerField(
                label=f"{candidate.recipient_name} – {candidate.award_type.display_name}",
                min_value=0,
                required=False,
            )

    def votes(self) -> dict[int, int]:
        return {
            int(name.removeprefix("votes_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("votes_") and value is not None
        }


class DecisionForm(forms.Form):
    number = forms.CharField(label=_("Số, ký hiệu"), max_length=60)
    signed_on = forms.DateField(label=_("Ngày ký"), widget=DateInput())
    signer_name = forms.CharField(label=_("Người ký"), max_length=150)
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=150)
    authority = forms.CharField(label=_("Thẩm quyền"), max_length=160)
    summary = forms.CharField(label=_("Trích yếu"), max_length=255)
    publish_from = forms.DateField(label=_("Công khai từ"), required=False, widget=DateInput())
    publish_until = forms.DateField(label=_("Công khai đến"), required=False, widget=DateInput())


class CouncilBallotForm(forms.Form):
    """Take the council's vote from its ballot held in the system (17.3)."""

    ballot = forms.TypedChoiceField(label=_("Phiếu biểu quyết của Hội đồng"), coerce=int)
    version = version_field()

    def __init__(self, *args, ballots, **kwargs):
        super().__init__(*args, **kwargs)
        self.ballots = {b.pk: b for b in ballots}
        choice_field(self, "ballot").choices = [
            (b.pk, f"{b.title} — {b.conference.title} ({b.voters_present}/{b.voters_entitled})")
            for b in ballots
        ]


class TransitionForm(forms.Form):
    """One step of a proposal (17.2): the target status, the reason of a return, the version shown."""

    target = forms.ChoiceField(choices=ProposalStatus.choices)
    reason = forms.CharField(
        label=_("Lý do trả lại"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1, required=False)


class PublishForm(forms.Form):
    version = version_field()
    publish_from = forms.DateField(label=_("Công khai từ"), widget=DateInput())
    publish_until = forms.DateField(label=_("Công khai đến"), widget=DateInput())


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("Tệp (PDF, DOCX, JPG, PNG)"))
    title = forms.CharField(label=_("Tên tệp"), max_length=200, required=False)
    is_public = forms.BooleanField(label=_("Công khai cùng quyết định"), required=False)


class BatchCreateForm(forms.Form):
    """Start an award season: who proposes (a unit, or a cluster's year), for which year and track."""

    PROPOSER = re.compile(r"^(u|t):([1-9][0-9]{0,9})$")

    proposer = forms.CharField(
        max_length=24,
        label=_("Đơn vị / cụm lập đề nghị"),
        help_text=_("Cơ quan thẩm định là cấp trên của đơn vị, hoặc cơ quan phụ trách cụm."),
        widget=forms.Select(),
        error_messages={"required": _("Cần chọn đơn vị hoặc cụm lập đề nghị.")},
    )
    title = forms.CharField(
        label=_("Trích yếu"),
        max_length=NAME,
        error_messages={"required": _("Cần nhập trích yếu của đề nghị.")},
    )
    year = forms.IntegerField(
        label=_("Năm khen thưởng"),
        min_value=2000,
        max_value=2100,
        widget=NumberInput(),
        error_messages={
            "required": _("Cần nhập năm khen thưởng."),
            "invalid": _("Năm phải là một số, ví dụ 2025."),
            "min_value": _("Năm phải từ 2000 đến 2100."),
            "max_value": _("Năm phải từ 2000 đến 2100."),
        },
    )
    track = forms.ChoiceField(
        label=_("Loại hình khen thưởng"),
        choices=Track.choices,
        initial=Track.REGULAR,
        error_messages={"invalid_choice": _("Loại hình khen thưởng không hợp lệ.")},
    )
    submit_by = forms.DateField(
        label=_("Hạn nộp hồ sơ đề nghị"),
        required=False,
        widget=DateInput(),
        error_messages={"invalid": _("Ngày không hợp lệ.")},
    )

    def __init__(self, *args, units, terms, **kwargs):
        super().__init__(*args, **kwargs)
        choices: list = [("", "—")]
        if units:
            choices.append(
                (
                    _("Đơn vị"),
                    [(f"u:{u.pk}", f"{u.name} — {_('thẩm định')}: {(u.parent or u).name}") for u in units],
                )
            )
        if terms:
            choices.append(
                (
                    _("Cụm thi đua"),
                    [
                        (f"t:{t.pk}", f"{t.display_name} — {_('thẩm định')}: {t.cluster.owner.name}")
                        for t in terms
                    ],
                )
            )
        self.fields["proposer"].widget.choices = choices

    def clean_proposer(self) -> tuple[str, int]:
        match = self.PROPOSER.match(self.cleaned_data["proposer"])
        if match is None:
            raise forms.ValidationError(_("Đơn vị / cụm lập đề nghị không hợp lệ."))
        return match.group(1), int(match.group(2))


class AwardCountForm(forms.Form):
    """A count of awards without names (16.8): form × year × unit or cluster × number, with its paper."""

    HOLDER = re.compile(r"^(u|t):([1-9][0-9]{0,9})$")

    award_type = forms.ModelChoiceField(
        AwardType.objects.none(),
        label=_("Danh hiệu / hình thức"),
        error_messages={
            "required": _("Cần chọn danh hiệu, hình thức."),
            "invalid_choice": _("Không có trong danh mục."),
        },
    )
    holder = forms.CharField(
        max_length=24,
        label=_("Đơn vị / cụm được khen"),
        widget=forms.Select(),
        error_messages={"required": _("Cần chọn đơn vị hoặc cụm.")},
    )
    year = forms.IntegerField(
        label=_("Năm"),
        min_value=2000,
        max_value=2100,
        widget=NumberInput(),
        error_messages={
            "required": _("Cần nhập năm."),
            "invalid": _("Năm phải là một số, ví dụ 2019."),
            "min_value": _("Năm phải từ 2000 đến 2100."),
            "max_value": _("Năm phải từ 2000 đến 2100."),
        },
    )
    count = forms.IntegerField(
        label=_("Số lượng"),
        min_value=1,
        max_value=1_000_000,
        widget=NumberInput(),
        error_messages={
            "required": _("Cần nhập số lượng."),
            "invalid": _("Số lượng phải là một số nguyên."),
            "min_value": _("Số lượng phải từ 1 trở lên."),
            "max_value": _("Số lượng quá lớn (tối đa 1.000.000)."),
        },
    )
    decision_number = forms.CharField(label=_("Số quyết định (nếu có)"), max_length=60, required=False)
    decision_date = KnownDateFormField(
        label=_("Ngày quyết định (nếu có)"),
        required=False,
        help_text=_("Ghi như văn bản: 15/11/2017, 11/2017 hoặc 2017."),
    )
    signer_name = forms.CharField(label=_("Người ký (nếu có)"), max_length=150, required=False)
    authority = forms.CharField(label=_("Cấp quyết định ghi trên văn bản"), max_length=160, required=False)
    source = forms.CharField(
        label=_("Văn bản nguồn"),
        max_length=NAME,
        required=False,
        help_text=_("Bắt buộc khi không có số quyết định: báo cáo, bài viết nêu số lượng."),
    )
    track = forms.ChoiceField(label=_("Loại hình"), choices=Track.choices, initial=Track.REGULAR)
    note = forms.CharField(
        label=_("Ghi chú"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, units, terms, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "award_type").queryset = AwardType.objects.order_by(
            "category", "recipient_kind", "-rank", "name"
        )
        choices: list = [("", "—")]
        if units:
            choices.append((_("Đơn vị"), [(f"u:{u.pk}", u.name) for u in units]))
        if terms:
            choices.append(
                (_("Cụm, khối (cả cụm)"), [(f"t:{t.pk}", f"{t.display_name} {t.year}") for t in terms])
            )
        self.fields["holder"].widget.choices = choices
        no_nul = ProhibitNullCharactersValidator(_("Có ký tự không hợp lệ (NUL)."))
        for field in self.fields.values():  # Django's own message is not translated into Vietnamese
            if isinstance(field, forms.CharField):
                field.validators = [
                    no_nul if isinstance(v, ProhibitNullCharactersValidator) else v for v in field.validators
                ]

    def clean_holder(self) -> tuple[str, int]:
        match = self.HOLDER.match(self.cleaned_data["holder"])
        if match is None:
            raise forms.ValidationError(_("Đơn vị / cụm không hợp lệ."))
        return match.group(1), int(match.group(2))


class PersonForm(forms.Form):
    """A person of a unit (16.9): dates as far as known ("1980", "03/1980", "15/03/1980")."""

    full_name = forms.CharField(
        label=_("Họ và tên"), max_length=150, error_messages={"required": _("Cần nhập họ và tên.")}
    )
    unit = forms.ModelChoiceField(
        Unit.objects.none(),
        label=_("Đơn vị"),
        error_messages={"required": _("Cần chọn đơn vị."), "invalid_choice": _("Đơn vị không hợp lệ.")},
    )
    rank = forms.CharField(label=_("Cấp bậc"), max_length=80, required=False)
    position = forms.CharField(label=_("Chức vụ"), max_length=150, required=False)
    birth_date = KnownDateFormField(
        label=_("Ngày sinh (nếu biết)"), required=False, help_text=_("15/03/1980, 03/1980 hoặc 1980")
    )
    service_start = KnownDateFormField(
        label=_("Ngày bắt đầu công tác (nếu biết)"),
        required=False,
        help_text=_("Dùng để tính huy chương niên hạn"),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "unit").queryset = units
        no_nul = ProhibitNullCharactersValidator(_("Có ký tự không hợp lệ (NUL)."))
        for field in self.fields.values():
            if isinstance(field, forms.CharField):
                field.validators = [
                    no_nul if isinstance(v, ProhibitNullCharactersValidator) else v for v in field.validators
                ]


class AnnulForm(forms.Form):
    """R13: annul the whole decision (no record ticked) or the ticked records, with what was recovered."""

    records = forms.MultipleChoiceField(
        label=_("Khen thưởng cần hủy (để trống: hủy toàn bộ quyết định)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    reason = forms.CharField(
        label=_("Lý do hủy"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Cần ghi lý do hủy.")},
    )
    legal_basis = forms.CharField(
        label=_("Căn cứ pháp lý (số quyết định hủy, điều khoản)"),
        max_length=255,
        error_messages={"required": _("Cần ghi căn cứ pháp lý (số quyết định hủy, điều khoản).")},
    )
    annulled_on = forms.DateField(
        label=_("Ngày hủy"), widget=DateInput(), error_messages={"invalid": _("Ngày không hợp lệ.")}
    )
    artefacts_recovered = forms.BooleanField(
        label=_("Đã thu hồi hiện vật (bằng, cờ, huy hiệu)"), required=False
    )
    money_recovered = forms.DecimalField(
        label=_("Số tiền thưởng đã thu hồi (đồng)"),
        required=False,
        min_value=0,
        max_digits=15,
        decimal_places=0,
        widget=NumberInput(),
        error_messages={"invalid": _("Số tiền phải là một số đồng, ví dụ 1500000.")},
    )
    recovery_note = forms.CharField(
        label=_("Ghi chú thu hồi"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, records, **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self, "records").choices = [
            (str(r.pk), f"{r.recipient_name} – {r.award_type.name}") for r in records if not r.is_revoked
        ]


def _year_field(label: Any, *, required: bool = False, help_text: Any = "") -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=1945,
        max_value=2100,
        widget=NumberInput(),
        help_text=help_text,
        error_messages={
            "invalid": _("Năm phải là một số, ví dụ 2024."),
            "min_value": _("Năm phải từ 1945 đến 2100."),
            "max_value": _("Năm phải từ 1945 đến 2100."),
        },
    )


class AwardTypeForm(forms.Form):
    """A catalogue entry (16.2): what it is, who confers it, on which legal basis, for which years."""

    name = forms.CharField(label=_("Tên danh hiệu / hình thức"), max_length=255)
    short_name = forms.CharField(label=_("Tên viết tắt"), max_length=80, required=False)
    category = forms.ChoiceField(label=_("Loại"), choices=AwardCategory.choices)
    recipient_kind = forms.ChoiceField(label=_("Đối tượng"), choices=RecipientKind.choices)
    authority = forms.CharField(
        label=_("Cấp có thẩm quyền quyết định"),
        max_length=160,
        help_text=_("Ví dụ: Bộ trưởng Bộ Công an, Chủ tịch UBND tỉnh, Giám đốc Công an tỉnh."),
    )
    level = forms.ChoiceField(label=_("Cấp khen thưởng"), choices=AuthorityLevel.choices)
    state_kind = forms.ChoiceField(
        label=_("Nhóm trong biểu thống kê"), choices=StateAwardKind.choices, required=False
    )
    legal_basis = forms.ModelChoiceField(
        LegalBasis.objects.order_by("-effective_from", "code"),
        label=_("Căn cứ pháp lý"),
        required=False,
        error_messages={"invalid_choice": _("Không có căn cứ pháp lý này.")},
    )
    valid_from_year = _year_field(_("Áp dụng từ năm"))
    valid_to_year = _year_field(_("Áp dụng đến năm"), help_text=_("Để trống nếu còn áp dụng."))
    rank = forms.IntegerField(
        label=_("Thứ bậc"), min_value=0, max_value=1000, initial=0, widget=NumberInput(), required=False
    )
    min_service_years = forms.IntegerField(
        label=_("Số năm công tác tối thiểu (huy chương niên hạn)"),
        min_value=0,
        max_value=80,
        required=False,
        widget=NumberInput(),
    )
    is_verified = forms.BooleanField(
        label=_("Đã kiểm chứng theo văn bản"),
        required=False,
        help_text=_("Bỏ trống: mục được đánh dấu “chưa kiểm chứng”."),
    )
    note = forms.CharField(
        label=_("Ghi chú"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("name", "short_name", "authority", "note"):
            if "\x00" in (data.get(name) or ""):
                self.add_error(name, _("Chứa ký tự không hợp lệ."))
        if data.get("rank") is None:
            data["rank"] = 0
        return data


class AwardTypeCreateForm(AwardTypeForm):
    code = forms.CharField(
        label=_("Mã"), max_length=40, help_text=_("Mã dùng trong tệp nhập, ví dụ BK-UBND-TT.")
    )
    field_order = ["code"]


class AwardTypeEditForm(AwardTypeForm):
    version = version_field()
    effective_year = _year_field(
        _("Năm áp dụng thay đổi (phiên bản mới)"),
        help_text=_(
            "Mục đã được dùng: đổi tên, thẩm quyền, cấp, căn cứ… sẽ tạo phiên bản mới từ năm này; "
            "phiên bản cũ giữ nguyên cho các năm trước."
        ),
    )
    new_code = forms.CharField(
        label=_("Mã của phiên bản mới"), max_length=40, required=False, help_text=_("Mặc định: mã cũ-năm.")
    )
