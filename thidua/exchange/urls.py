from django.urls import path

from . import views

app_name = "exchange"
urlpatterns = [
    path("", views.index, name="index"),
    path("nhan/", views.receive, name="receive"),
    path("goi/<int:package_id>/", views.detail, name="detail"),
    path("goi/<int:package_id>/tai-ve/", views.download, name="download"),
    path("goi/<int:package_id>/nhap/", views.import_package, name="import"),
    path("goi/<int:package_id>/tra-loi/", views.answer, name="answer"),
    path("de-nghi/<int:batch_id>/gui/", views.send, name="send"),
    path("cum/<int:term_id>/gui/", views.send_term, name="send_term"),
]
