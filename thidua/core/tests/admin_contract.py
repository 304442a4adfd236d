"""What every app's admin must do, checked the same way for each app (see <app>/tests/test_admin.py):
every concrete model registered; list, search, add, change and history pages render for a superuser;
a non-staff user is sent to the admin login. New registrations are covered automatically."""

from django.apps import apps
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse
from simple_history.models import HistoricalChanges


def registered(app: str) -> dict[str, admin.ModelAdmin]:
    """The app's models in the admin, keyed by model name."""
    return {
        str(model._meta.model_name): model_admin
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label == app
    }


def admin_url(app: str, model_name: str, view: str, *args) -> str:
    return reverse(f"admin:{app}_{model_name}_{view}", args=args)


def check_every_concrete_model_is_registered(app: str) -> None:
    concrete = {
        model._meta.model_name
        for model in apps.get_app_config(app).get_models()
        if not issubclass(model, HistoricalChanges)
    }
    assert concrete == set(registered(app))


def check_changelist_search_and_add(admin_client, superuser, app: str, model_name: str) -> None:
    model_admin = registered(app)[model_name]
    assert admin_client.get(admin_url(app, model_name, "changelist")).status_code == 200
    if model_admin.search_fields:
        assert (
            admin_client.get(admin_url(app, model_name, "changelist"), {"q": "Tiền Giang"}).status_code == 200
        )
    request = RequestFactory().get("/")
    request.user = superuser
    expected = 200 if model_admin.has_add_permission(request) else 403
    assert admin_client.get(admin_url(app, model_name, "add")).status_code == expected


def check_change_and_history(admin_client, app: str, model_name: str) -> None:
    model = registered(app)[model_name].model
    obj = model._default_manager.order_by("pk").first()
    assert obj is not None, f"the `rows` fixture has no {model.__name__}: add one"
    assert admin_client.get(admin_url(app, model_name, "change", obj.pk)).status_code == 200
    assert admin_client.get(admin_url(app, model_name, "history", obj.pk)).status_code == 200


def check_non_staff_is_sent_to_login(client, user, app: str) -> None:
    client.force_login(user)
    login = reverse("admin:login")
    for model_name in registered(app):
        response = client.get(admin_url(app, model_name, "changelist"))
        assert response.status_code == 302 and response["Location"].startswith(login)
