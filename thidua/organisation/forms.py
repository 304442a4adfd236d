from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.core.formfields import choice_field
from thidua.core.schemas import NAME, NOTE

from .models import ClusterKind, ClusterLevel, SelectionMode, SuccessionKind, Unit


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


def _unit_choices(units) -> list[tuple[int, str]]:
    return [(unit.pk, unit.name) for unit in units]


class _UnitsForm(forms.Form):
    """A form whose unit fields choose among units the view has loaded (already scoped)."""

    unit_by_id: dict[int, Unit]  # set by each subclass's __init__

    def _units(self, name: str, units: list[Unit], blank: bool = False) -> None:
        choices = _unit_choices(units)
        choice_field(self, name).choices = [("", "---------"), *choices] if blank else choices

    def _resolve(self, value):
        return self.unit_by_id[int(value)] if value not in (None, "") else None


class ClusterForm(_UnitsForm):
    owner = forms.TypedChoiceField(label=_("Cơ quan quản lý cụm"), coerce=int)
    level = forms.ChoiceField(label=_("Cấp cụm"), choices=ClusterLevel.choices)
    kind = forms.ChoiceField(label=_("Gọi là"), choices=ClusterKind.choices, initial=ClusterKind.CUM)
    number = forms.IntegerField(
        label=_("Số (không bắt buộc)"),
        required=False,
        min_value=1,
        max_value=999,
        help_text=_("Để trống nếu Khối/Cụm không đánh số (gọi theo lĩnh vực công tác)."),
    )
    name = forms.CharField(label=_("Tên cụm"), max_length=NAME)

    def __init__(self, *args, owners: list[Unit], **kwargs):
        super().__init__(*args, **kwargs)
        self.unit_by_id = {unit.pk: unit for unit in owners}
        self._units("owner", owners)

    def clean_owner(self):
        return self._resolve(self.cleaned_data["owner"])


class TermForm(_UnitsForm):
    """A year's term: members (units valid that year), the leader and the deputies among them."""

    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    name = forms.CharField(label=_("Tên trong năm (nếu khác tên cụm)"), max_length=NAME, required=False)
    members = forms.TypedMultipleChoiceField(
        label=_("Thành viên"), coerce=int, widget=forms.CheckboxSelectMultiple
    )
    leader = forms.TypedChoiceField(label=_("Cụm trưởng"), coerce=int, required=False, empty_value=None)
    deputies = forms.TypedMultipleChoiceField(
        label=_("Cụm phó (có thể chọn nhiều)"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    selection_mode = forms.ChoiceField(
        label=_("Cách chọn Cụm trưởng"), choices=SelectionMode.choices, initial=SelectionMode.ELECTED
    )

    def __init__(self, *args, candidates: list[Unit], **kwargs):
        super().__init__(*args, **kwargs)
        self.unit_by_id = {unit.pk: unit for unit in candidates}
        for name in ("members", "deputies"):
            self._units(name, candidates)
        self._units("leader", candidates, blank=True)

    def clean(self):
        super().clean()
        data = self.cleaned_data
        data["members"] = [self.unit_by_id[pk] for pk in data.get("members") or []]
        data["leader"] = self._resolve(data.get("leader"))
        data["deputies"] = [self.unit_by_id[pk] for pk in data.get("deputies") or []]
        member_ids = {unit.pk for unit in data["members"]}
        if data["leader"] and data["leader"].pk not in member_ids:
            self.add_error("leader", _("Cụm trưởng phải là một trong các thành viên đã chọn."))
        if any(unit.pk not in member_ids for unit in data["deputies"]):
            self.add_error("deputies", _("Cụm phó phải là thành viên đã chọn."))
        if data["leader"] and data["leader"].pk in {unit.pk for unit in data["deputies"]}:
            self.add_error("deputies", _("Cụm trưởng và Cụm phó phải là hai đơn vị khác nhau."))
        return data


class MemberAddForm(_UnitsForm):
    unit = forms.TypedChoiceField(label=_("Thêm đơn vị"), coerce=int)

    def __init__(self, *args, candidates: list[Unit], **kwargs):
        super().__init__(*args, **kwargs)
        self.unit_by_id = {unit.pk: unit for unit in candidates}
        self._units("unit", candidates, blank=True)

    def clean_unit(self):
        return self._resolve(self.cleaned_data["unit"])


class RolesForm(_UnitsForm):
    leader = forms.TypedChoiceField(label=_("Cụm trưởng"), coerce=int, required=False, empty_value=None)
    deputies = forms.TypedMultipleChoiceField(
        label=_("Cụm phó (có thể chọn nhiều)"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    selection_mode = forms.ChoiceField(label=_("Cách chọn Cụm trưởng"), choices=SelectionMode.choices)

    def __init__(self, *args, members: list[Unit], **kwargs):
        super().__init__(*args, **kwargs)
        self.unit_by_id = {unit.pk: unit for unit in members}
        self._units("leader", members, blank=True)
        self._units("deputies", members)

    def clean(self):
        super().clean()
        data = self.cleaned_data
        data["leader"] = self._resolve(data.get("leader"))
        data["deputies"] = [self.unit_by_id[pk] for pk in data.get("deputies") or []]
        if data["leader"] and data["leader"].pk in {unit.pk for unit in data["deputies"]}:
            self.add_error("deputies", _("Cụm trưởng và Cụm phó phải là hai đơn vị khác nhau."))
        return data


class NextTermForm(TermForm):
    """Next year's members, leader and deputies (the year is last year's + 1; the name is kept)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["year"], self.fields["name"], self.fields["selection_mode"]
        self.fields["members"].label = _("Thành viên năm mới")


class ReorganiseForm(_UnitsForm):
    kind = forms.ChoiceField(
        label=_("Hình thức"),
        choices=[
            (SuccessionKind.MERGE, SuccessionKind.MERGE.label),
            (SuccessionKind.DISSOLVE, SuccessionKind.DISSOLVE.label),
        ],
    )
    successor = forms.TypedChoiceField(label=_("Đơn vị kế thừa"), coerce=int)
    effective_date = forms.DateField(
        label=_("Ngày hiệu lực (đơn vị kế thừa tiếp nhận từ ngày này)"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    legal_basis = forms.CharField(label=_("Căn cứ (quyết định, nghị quyết)"), max_length=255, required=False)
    move_memberships = forms.BooleanField(
        label=_("Chuyển chỗ của đơn vị trong các cụm những năm sau cho đơn vị kế thừa"),
        required=False,
        initial=True,
    )
    move_children = forms.BooleanField(
        label=_("Chuyển các đơn vị trực thuộc sang đơn vị kế thừa"), required=False
    )

    def __init__(self, *args, successors: list[Unit], **kwargs):
        super().__init__(*args, **kwargs)
        self.unit_by_id = {unit.pk: unit for unit in successors}
        self._units("successor", successors, blank=True)

    def clean_successor(self):
        return self._resolve(self.cleaned_data["successor"])
