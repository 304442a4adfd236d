from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.core.formfields import choice_field


class SendForm(forms.Form):
    """“Gửi lên cấp trên”: to which partner, signed with which of the user's keys."""

    partner = forms.ChoiceField(label=_("Gửi tới hệ thống"), choices=())
    identity = forms.ChoiceField(label=_("Ký gói bằng khóa"), choices=())
    passphrase = forms.CharField(
        label=_("Mật khẩu khóa hoặc mã PIN thiết bị ký số"),
        max_length=200,
        strip=False,
        widget=forms.PasswordInput(render_value=False),
    )

    def __init__(self, *args, partners, identities, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.partners = {str(p.pk): p for p in partners}
        self.identities = {str(i.pk): i for i in identities}
        choice_field(self, "partner").choices = [(k, str(p)) for k, p in self.partners.items()]
        choice_field(self, "identity").choices = [(k, str(i)) for k, i in self.identities.items()]

    def clean_partner(self):
        return self.partners[self.cleaned_data["partner"]]

    def clean_identity(self):
        return self.identities[self.cleaned_data["identity"]]


class ReceiveForm(forms.Form):
    file = forms.FileField(label=_("Tệp gói (.zip) nhận từ hệ thống đối tác"))


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Trả lời"),
        choices=[
            ("received", _("Đã tiếp nhận")),
            ("returned", _("Trả lại")),
            ("decided", _("Đã quyết định")),
        ],
    )
    reason = forms.CharField(
        label=_("Lý do / ghi chú"), max_length=2000, required=False, widget=forms.Textarea
    )
    identity = forms.ChoiceField(label=_("Ký bằng khóa"), choices=())
    passphrase = forms.CharField(
        label=_("Mật khẩu khóa hoặc mã PIN thiết bị ký số"),
        max_length=200,
        strip=False,
        widget=forms.PasswordInput(render_value=False),
    )

    def __init__(self, *args, identities, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.identities = {str(i.pk): i for i in identities}
        choice_field(self, "identity").choices = [(k, str(i)) for k, i in self.identities.items()]

    def clean_identity(self):
        return self.identities[self.cleaned_data["identity"]]
