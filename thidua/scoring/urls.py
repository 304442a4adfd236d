from django.urls import path

from . import views

app_name = "scoring"
urlpatterns = [
    path("", views.index, name="index"),
    path("cum/<int:term_id>/", views.term, name="term"),
    path("cum/<int:term_id>/ky/<int:period_id>/", views.leaderboard, name="leaderboard"),
    path("cum/<int:term_id>/ky/<int:period_id>/excel/", views.leaderboard_export, name="leaderboard_export"),
    path("cum/<int:term_id>/ky/<int:period_id>/tinh-diem/", views.compute, name="compute"),
    path("cum/<int:term_id>/ky/<int:period_id>/thong-nhat/", views.reconcile, name="reconcile"),
    path("cum/<int:term_id>/ky/<int:period_id>/khoa/", views.lock, name="lock"),
    path("cum/<int:term_id>/ky/<int:period_id>/mo-lai/", views.reopen, name="reopen"),
    path(
        "cum/<int:term_id>/ky/<int:period_id>/kiem-tra-cheo/",
        views.inspection_assign,
        name="inspection_assign",
    ),
    path("kiem-tra-cheo/<int:inspection_id>/", views.inspection_record, name="inspection"),
    path("bang-diem/<int:sheet_id>/", views.sheet_detail, name="sheet"),
    path("bang-diem/<int:sheet_id>/excel/", views.sheet_export, name="sheet_export"),
    path("bang-diem/<int:sheet_id>/gui-tu-cham/", views.self_submit, name="self_submit"),
    path("bang-diem/<int:sheet_id>/diem-thuong-tru/", views.adjustment_add, name="adjustment_add"),
    path("bang-diem/<int:sheet_id>/y-kien/", views.comment_add, name="comment_add"),
    path("bang-diem/<int:sheet_id>/giai-thich/", views.explain_sheet, name="explain_sheet"),
    path("diem-thuong-tru/<int:adjustment_id>/xoa/", views.adjustment_delete, name="adjustment_delete"),
    path(
        "diem-thuong-tru/<int:adjustment_id>/minh-chung/",
        views.adjustment_evidence,
        name="adjustment_evidence",
    ),
    path("dong/<int:line_id>/tu-cham/", views.cell_save, {"field": "self"}, name="cell_self"),
    path("dong/<int:line_id>/tham-dinh/", views.cell_save, {"field": "assessed"}, name="cell_assessed"),
    path("dong/<int:line_id>/giai-thich/", views.explain_line, name="explain_line"),
    path("don-vi/<int:unit_id>/", views.unit_history, name="unit_history"),
    path("so-sanh/", views.comparison, name="comparison"),
    path("cau-hinh/<int:owner_id>/", views.config_edit, name="config"),
]
