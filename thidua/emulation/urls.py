from django.urls import path

from . import views

app_name = "emulation"
urlpatterns = [
    path("", views.index, name="index"),
    path("ky-bao-cao/chuan/", views.periods_standard, name="periods_standard"),
    path("phong-trao/them/", views.movement_create, name="movement_create"),
    path("cum/<int:term_id>/", views.term, name="term"),
    path("cum/<int:term_id>/bat-dau-nam/", views.year_start, name="year_start"),
    path("cum/<int:term_id>/ket-qua/", views.term_result_add, name="term_result_add"),
    path("ket-qua/<int:result_id>/xoa/", views.term_result_remove, name="term_result_remove"),
    path("cum/<int:term_id>/ky/<int:period_id>/han/", views.deadline_set, name="deadline_set"),
    path("cum/<int:term_id>/giao-uoc/", views.covenant, name="covenant"),
    path("cum/<int:term_id>/giao-uoc/<slug:action>/", views.covenant_action, name="covenant_action"),
    path(
        "cum/<int:term_id>/giao-uoc/van-ban/<int:document_id>/",
        views.covenant_document,
        name="covenant_document",
    ),
    path("cum/<int:term_id>/don-vi/<int:unit_id>/dang-ky/", views.registration, name="registration"),
    path("cum/<int:term_id>/don-vi/<int:unit_id>/dang-ky/them/", views.target_create, name="target_create"),
    path(
        "cum/<int:term_id>/don-vi/<int:unit_id>/dang-ky/mau.xlsx",
        views.registration_template,
        name="registration_template",
    ),
    path(
        "cum/<int:term_id>/don-vi/<int:unit_id>/dang-ky/tai-len/",
        views.registration_upload,
        name="registration_upload",
    ),
    path(
        "dang-ky/<int:registration_id>/<slug:action>/", views.registration_action, name="registration_action"
    ),
    path("chi-tieu/<int:target_id>/sua/", views.target_edit, name="target_edit"),
    path("chi-tieu/<int:target_id>/xoa/", views.target_remove, name="target_remove"),
    path("cum/<int:term_id>/don-vi/<int:unit_id>/ky/<int:period_id>/", views.report, name="report"),
    path(
        "cum/<int:term_id>/don-vi/<int:unit_id>/ky/<int:period_id>/luu/",
        views.report_save,
        name="report_save",
    ),
    path(
        "cum/<int:term_id>/don-vi/<int:unit_id>/ky/<int:period_id>/minh-chung/",
        views.evidence_upload,
        name="evidence_upload",
    ),
    path(
        "cum/<int:term_id>/don-vi/<int:unit_id>/ky/<int:period_id>/mau.xlsx",
        views.report_template,
        name="report_template",
    ),
    path(
        "cum/<int:term_id>/don-vi/<int:unit_id>/ky/<int:period_id>/tai-len/",
        views.report_upload,
        name="report_upload",
    ),
    path("bao-cao/<int:report_id>/<slug:action>/", views.report_action, name="report_action"),
    path("minh-chung/<int:evidence_id>/", views.evidence_download, name="evidence_download"),
    path("minh-chung/<int:evidence_id>/xoa/", views.evidence_remove, name="evidence_remove"),
    path("cum/<int:term_id>/tien-do/", views.progress, name="progress"),
    path("cum/<int:term_id>/tien-do.xlsx", views.progress_export, name="progress_export"),
    path("cum/<int:term_id>/tien-do/don-vi/<int:unit_id>/", views.progress_unit, name="progress_unit"),
    path("mo-hinh/", views.initiatives, name="initiatives"),
]
