from django.urls import path

from . import views

app_name = "personnel"
urlpatterns = [
    path("", views.account_list, name="account_list"),
    path("them/", views.account_create, name="account_create"),
    path("nhap/", views.account_import, name="account_import"),
    path("mau-nhap.xlsx", views.import_template, name="import_template"),
    path("<int:user_id>/", views.account_detail, name="account_detail"),
    path("<int:user_id>/trang-thai/", views.account_state, name="account_state"),
    path("<int:user_id>/dat-lai-mat-khau/", views.password_reset, name="password_reset"),
    path("<int:user_id>/vai-tro/", views.grant_add, name="grant_add"),
    path("vai-tro/<int:grant_id>/ket-thuc/", views.grant_end, name="grant_end"),
]
