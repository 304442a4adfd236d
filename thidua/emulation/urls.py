from django.urls import path

from . import views

app_name = "emulation"
urlpatterns = [
    path("", views.index, name="index"),
]
