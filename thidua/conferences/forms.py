from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.core.dates import KnownDateFormField
from thidua.core.formfields import model_choice_field
from thidua.core.schemas import NARRATIVE
from thidua.core.versioning import version_field
from thidua.emulation.models import EmulationPeriod
from thidua.organisation.models import ClusterTerm, Unit

from .models import AgendaKind, AttendeeRole, ChairRole, ConferenceKind, ConferenceStatus, SideEventKind

if TYPE_CHECKING:
    _TermField = forms.ModelChoiceField[ClusterTerm]
else:  # the class is not subscriptable at run time
    _TermField = forms.ModelChoiceField


class TermChoiceField(_TermField):
    def label_from_instance(self, obj: ClusterTerm) -> str:
        return f"{obj.display_name} – {obj.year} ({obj.cluster.owner})"


class ConferenceForm(forms.Form):
    term = TermChoiceField(label=_("Cụm (năm)"), queryset=ClusterTerm.objects.none())
    kind = forms.ChoiceField(label=_("Loại hội nghị"), choices=ConferenceKind.choices)
    title = forms.CharField(label=_("Tên hội nghị"), max_length=255)
    period_label = forms.CharField(label=_("Kỳ đánh giá"), max_length=120, required=False)
    date = KnownDateFormField(
        label=_("Ngày tổ chức"),
        help_text=_("Ngày (15/11/2017), hoặc chỉ tháng (11/2017) hay năm (2017) nếu chỉ biết đến đó"),
    )
    period = forms.ModelChoiceField(
        label=_("Kỳ thi đua (để khóa điểm khi công bố xếp loại)"),
        queryset=EmulationPeriod.objects.none(),
        required=False,
    )
    host = forms.ModelChoiceField(label=_("Đơn vị đăng cai"), queryset=Unit.objects.none(), required=False)
    venue = forms.CharField(label=_("Địa điểm"), max_length=255, required=False)

    def __init__(self, *args, terms=(), hosts=None, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "term").queryset = ClusterTerm.objects.filter(
            pk__in=[t.pk for t in terms]
        ).select_related("cluster__owner")
        model_choice_field(self, "host").queryset = (
            hosts
            if hosts is not None
            else Unit.objects.filter(cluster_memberships__term__in=[t.pk for t in terms])
            .distinct()
            .order_by("name")
        )


class ConferenceInfoForm(forms.Form):
    title = forms.CharField(label=_("Tên hội nghị"), max_length=255)
    period_label = forms.CharField(label=_("Kỳ đánh giá"), max_length=120, required=False)
    date = KnownDateFormField(label=_("Ngày tổ chức"))
    venue = forms.CharField(label=_("Địa điểm"), max_length=255, required=False)
    conclusions = forms.CharField(
        max_length=NARRATIVE,
        label=_("Kết luận hội nghị"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    version = version_field()  # the conference as the form showed it (13.11)


class TransitionForm(forms.Form):
    target = forms.ChoiceField(choices=ConferenceStatus.choices)


class ChairForm(forms.Form):
    role = forms.ChoiceField(label=_("Vai trò"), choices=ChairRole.choices)
    unit = forms.ModelChoiceField(label=_("Đơn vị"), queryset=Unit.objects.none())
    name = forms.CharField(label=_("Họ và tên"), max_length=150, required=False)
    rank = forms.CharField(label=_("Cấp bậc"), max_length=80, required=False)
    position = forms.CharField(label=_("Chức vụ"), max_length=150, required=False)

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "unit").queryset = members if members is not None else Unit.objects.none()


class GuestForm(forms.Form):
    name = forms.CharField(label=_("Họ và tên"), max_length=150, required=False)
    rank = forms.CharField(label=_("Cấp bậc"), max_length=80, required=False)
    position = forms.CharField(label=_("Chức vụ"), max_length=150)
    organisation = forms.CharField(label=_("Cơ quan, đơn vị"), max_length=255, required=False)


class AttendeeForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Đơn vị"), queryset=Unit.objects.none())
    name = forms.CharField(label=_("Họ và tên"), max_length=150)
    rank = forms.CharField(label=_("Cấp bậc"), max_length=80, required=False)
    position = forms.CharField(label=_("Chức vụ"), max_length=150, required=False)
    role = forms.ChoiceField(label=_("Vai trò"), choices=AttendeeRole.choices, initial=AttendeeRole.HEAD)
    is_voter = forms.BooleanField(label=_("Bỏ phiếu"), required=False, initial=True)

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "unit").queryset = members if members is not None else Unit.objects.none()


class AttendeeToggleForm(forms.Form):
    field = forms.ChoiceField(choices=[("present", "present"), ("is_voter", "is_voter")])
    version = version_field()  # the attendee as the page showed it: a stale toggle would undo a change


class AgendaItemForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại"), choices=AgendaKind.choices, initial=AgendaKind.REPORT)
    title = forms.CharField(label=_("Nội dung"), max_length=255)
    presenter_name = forms.CharField(label=_("Người trình bày"), max_length=150, required=False)
    presenter_position = forms.CharField(label=_("Chức vụ"), max_length=150, required=False)
    presenter_unit = forms.ModelChoiceField(label=_("Đơn vị"), queryset=Unit.objects.none(), required=False)

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "presenter_unit").queryset = (
            members if members is not None else Unit.objects.none()
        )


class SideEventForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại"), choices=SideEventKind.choices)
    title = forms.CharField(label=_("Tên hoạt động"), max_length=255)
    date = KnownDateFormField(label=_("Ngày"))
    venue = forms.CharField(label=_("Địa điểm"), max_length=255, required=False)
    host = forms.ModelChoiceField(label=_("Đơn vị tổ chức"), queryset=Unit.objects.none(), required=False)
    delegations = forms.IntegerField(label=_("Số đoàn"), min_value=0, required=False)
    description = forms.CharField(
        max_length=NARRATIVE, label=_("Mô tả"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "host").queryset = members if members is not None else Unit.objects.none()


class ClusterEventForm(SideEventForm):
    """A cluster event standing on its own (16.6): the term first, its members may host."""

    term = TermChoiceField(label=_("Cụm (năm)"), queryset=ClusterTerm.objects.none())
    field_order = ["term", "kind", "title", "date", "venue", "host", "delegations", "description"]

    def __init__(self, *args, terms=(), **kwargs):
        term_ids = [t.pk for t in terms]
        hosts = Unit.objects.filter(cluster_memberships__term__in=term_ids).distinct().order_by("name")
        super().__init__(*args, members=hosts, **kwargs)
        model_choice_field(self, "term").queryset = ClusterTerm.objects.filter(
            pk__in=term_ids
        ).select_related("cluster__owner")


class SideEventResultForm(forms.Form):
    discipline = forms.CharField(label=_("Nội dung thi đấu"), max_length=255)
    unit = forms.ModelChoiceField(label=_("Đơn vị"), queryset=Unit.objects.none())
    placing = forms.IntegerField(label=_("Hạng"), min_value=1, required=False)
    prize = forms.CharField(label=_("Giải"), max_length=120, required=False)
    score = forms.CharField(label=_("Thành tích"), max_length=120, required=False)

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "unit").queryset = members if members is not None else Unit.objects.none()


class FeaturedModelForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Đơn vị"), queryset=Unit.objects.none())
    name = forms.CharField(label=_("Tên mô hình"), max_length=255)
    description = forms.CharField(
        max_length=NARRATIVE, label=_("Mô tả"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "unit").queryset = members if members is not None else Unit.objects.none()


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Tên tài liệu"), max_length=255, required=False)
    file = forms.FileField(label=_("Tệp"))


class HandoverForm(forms.Form):
    new_leader = forms.ModelChoiceField(label=_("Cụm trưởng năm sau"), queryset=Unit.objects.none())
    new_deputy = forms.ModelChoiceField(
        label=_("Cụm phó năm sau"), queryset=Unit.objects.none(), required=False
    )
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=500)

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        queryset = members if members is not None else Unit.objects.none()
        model_choice_field(self, "new_leader").queryset = queryset
        model_choice_field(self, "new_deputy").queryset = queryset

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("new_leader") and data.get("new_leader") == data.get("new_deputy"):
            self.add_error("new_deputy", _("Cụm trưởng và Cụm phó phải là hai đơn vị khác nhau."))
        return data
