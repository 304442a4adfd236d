from django.urls import path

from . import views

app_name = "awards"
urlpatterns = [
    path("", views.index, name="index"),
    path("danh-muc/", views.catalogue, name="catalogue"),
    path("de-nghi/moi/", views.batch_create, name="batch_create"),
    path("de-nghi/<int:batch_id>/", views.batch_detail, name="batch_detail"),
    path("de-nghi/<int:batch_id>/chuyen/", views.batch_transition, name="batch_transition"),
    path(
        "de-nghi/<int:batch_id>/ngoai-le/<int:override_id>/duyet/",
        views.override_approve,
        name="override_approve",
    ),
    path("de-nghi/<int:batch_id>/<str:action>/", views.batch_action, name="batch_action"),
    path("sap-du-dieu-kien/", views.next_eligible, name="next_eligible"),
    path("lich-su/", views.history, name="history"),
    path("quyet-dinh/", views.decision_list, name="decision_list"),
    path("quyet-dinh/<int:decision_id>/", views.decision_detail, name="decision_detail"),
    path("quyet-dinh/<int:decision_id>/tep/", views.decision_attach, name="decision_attach"),
    path("quyet-dinh/<int:decision_id>/huy/", views.decision_annul, name="decision_annul"),
    path(
        "quyet-dinh/<int:decision_id>/tep/<int:attachment_id>/",
        views.decision_attachment,
        name="decision_attachment",
    ),
    path(
        "quyet-dinh/<int:decision_id>/tep/<int:attachment_id>/xoa/",
        views.decision_attachment_remove,
        name="decision_attachment_remove",
    ),
    path("nhap-excel/", views.import_upload, name="import_upload"),
    path("nhap-excel/<int:job_id>/", views.import_status, name="import_status"),
    path("nhap-excel/<int:job_id>/loi.xlsx", views.import_errors, name="import_errors"),
    path("nhap-excel/<int:job_id>/chay-lai/", views.import_retry, name="import_retry"),
    path("nhap-excel/<int:job_id>/xac-nhan/", views.import_confirm, name="import_confirm"),
    path("nhap-excel/<int:job_id>/huy/", views.import_cancel, name="import_cancel"),
    path("mau-nhap.xlsx", views.import_template, name="import_template"),
    path("xuat-excel/", views.records_export, name="records_export"),
    path("can-bo/", views.people, name="people"),
    path("can-bo/<int:person_id>/", views.person_detail, name="person_detail"),
    path("so-luong/", views.counts, name="counts"),
    path("so-luong/<int:count_id>/sua/", views.count_edit, name="count_edit"),
    path("so-luong/<int:count_id>/xoa/", views.count_delete, name="count_delete"),
    path("thong-ke/", views.statistics, name="statistics"),
    path("bieu-thong-ke/", views.statutory, name="statutory"),
    path("cong-khai/", views.public_index, name="public_index"),
    path("cong-khai/quyet-dinh/<uuid:public_id>/", views.public_decision, name="public_decision"),
    path(
        "cong-khai/quyet-dinh/<uuid:public_id>/tep/<int:attachment_id>/",
        views.public_decision_file,
        name="public_decision_file",
    ),
    path("cong-khai/khen-thuong/<uuid:public_id>/", views.public_award, name="public_award"),
    path("xac-minh/<str:token>/", views.verify, name="verify"),
    path("cong-khai/de-nghi/<uuid:public_id>/", views.public_batch, name="public_batch"),
]
