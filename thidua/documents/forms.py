from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.core.formfields import choice_field
from thidua.core.http import DOCX_CONTENT_TYPE
from thidua.core.schemas import LONG_NARRATIVE, NOTE

from .kinds import kind_choices

FORMATS = ("docx", "pdf")
DOCX_TYPE = DOCX_CONTENT_TYPE
CONTENT_TYPES = {"docx": DOCX_TYPE, "pdf": "application/pdf"}


class DocumentFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Loại văn bản"), choices=lambda: [("", _("Tất cả loại")), *kind_choices()], required=False
    )
    q = forms.CharField(label=_("Tìm theo tiêu đề"), required=False, max_length=100)


class GenerateFromTermForm(forms.Form):
    """Papers made from a cluster term's own data (plan, period report) or from sample data."""

    kind = forms.ChoiceField(label=_("Loại văn bản"), choices=())
    term = forms.ChoiceField(label=_("Cụm thi đua (năm)"), choices=())

    def __init__(self, *args, kinds: list[tuple[str, str]], terms: list, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "kind").choices = kinds
        choice_field(self, "term").choices = [(str(t.pk), f"{t.display_name} – {t.year}") for t in terms]


class PressReleaseForm(forms.Form):
    title = forms.CharField(label=_("Tiêu đề"), max_length=300, widget=forms.TextInput(attrs={"size": 90}))
    lead = forms.CharField(
        max_length=NOTE, label=_("Sapo (đoạn mở đầu)"), widget=forms.Textarea(attrs={"rows": 3, "cols": 90})
    )
    body = forms.CharField(
        max_length=LONG_NARRATIVE,
        label=_("Nội dung (các đoạn cách nhau một dòng trống)"),
        widget=forms.Textarea(attrs={"rows": 16, "cols": 90}),
    )
    byline = forms.CharField(label=_("Tác giả / nhóm phóng viên"), max_length=200, required=False)


class SignForm(forms.Form):
    """Sign a paper with one of the user's own keys; the key file's passphrase (or the token's PIN)
    is typed each time."""

    identity = forms.ChoiceField(label=_("Khóa ký số"), choices=())
    passphrase = forms.CharField(
        label=_("Mật khẩu khóa hoặc mã PIN thiết bị ký số"),
        max_length=200,
        strip=False,
        widget=forms.PasswordInput(render_value=False),
    )

    def __init__(self, *args, identities, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.identities = {str(i.pk): i for i in identities}
        choice_field(self, "identity").choices = [(pk, str(i)) for pk, i in self.identities.items()]

    def clean_identity(self):
        return self.identities[self.cleaned_data["identity"]]


class SignatureCheckForm(forms.Form):
    file = forms.FileField(label=_("Tệp PDF đã ký số"))
