from django.urls import path

from . import views

app_name = "organisation"
urlpatterns = [
    path("don-vi/", views.unit_list, name="unit_list"),
    path("don-vi/<int:unit_id>/", views.unit_detail, name="unit_detail"),
    path("don-vi/<int:unit_id>/sap-xep/", views.unit_reorganise, name="unit_reorganise"),
    path("cum/", views.cluster_list, name="cluster_list"),
    path("cum/tao-moi/", views.cluster_create, name="cluster_create"),
    path("cum/nhom/<int:cluster_id>/", views.cluster_detail, name="cluster_detail"),
    path("cum/nhom/<int:cluster_id>/nam-moi/", views.term_create, name="term_create"),
    path("cum/<int:term_id>/", views.term_detail, name="term_detail"),
    path("cum/<int:term_id>/thanh-vien/", views.term_members, name="term_members"),
    path("cum/<int:term_id>/thanh-vien/them/", views.term_member_add, name="term_member_add"),
    path(
        "cum/<int:term_id>/thanh-vien/<int:unit_id>/bo/", views.term_member_remove, name="term_member_remove"
    ),
    path("cum/<int:term_id>/vai-tro/", views.term_roles, name="term_roles"),
    path("cum/<int:term_id>/ban-giao/", views.term_handover, name="term_handover"),
    path("cum/<int:term_id>/nam-sau/", views.term_create_next, name="term_create_next"),
]
