from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/tao-lai/", views.regenerate, name="regenerate"),
    path("<int:pk>/ky-so/", views.sign, name="sign"),
    path("<int:pk>/ban-ky-so.pdf", views.signed_download, name="signed_download"),
    path("kiem-tra-chu-ky/", views.signature_check, name="signature_check"),
    path("<int:pk>/<str:fmt>/", views.download, name="download"),
    path("tao/", views.generate_from_term, name="generate_from_term"),
    path("tao/<str:kind>/<int:source_id>/", views.generate, name="generate"),
    path("mau/", views.gallery, name="gallery"),
    path("mau/<str:kind>/mau-goc/", views.starter_download, name="starter"),
    path("mau/<str:kind>/<str:fmt>/", views.preview, name="preview"),
    path("tin-bai/<int:pk>/", views.press_edit, name="press_edit"),
    path("tin-bai/<int:pk>/soan-lai/", views.press_reset, name="press_reset"),
]
