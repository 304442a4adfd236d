"""The UI opens in Vietnamese; another language only when the user picks it."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_vietnamese_by_default_even_for_an_english_browser(client, users):
    client.force_login(users["board"])
    page = client.get(reverse("core:dashboard"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert 'lang="vi"' in page.content.decode()
    client.cookies["django_language"] = "en"
    assert 'lang="en"' in client.get(reverse("core:dashboard")).content.decode()
    client.cookies["django_language"] = "xx"
    assert 'lang="vi"' in client.get(reverse("core:dashboard")).content.decode()
