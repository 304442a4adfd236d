from django.urls import path

from . import views

app_name = "organisation"
urlpatterns = [
    path("don-vi/", views.unit_list, name="unit_list"),
    path("don-vi/<int:unit_id>/", views.unit_detail, name="unit_detail"),
    path("cum/", views.cluster_list, name="cluster_list"),
    path("cum/<int:term_id>/", views.term_detail, name="term_detail"),
    path("cum/<int:term_id>/ban-giao/", views.term_handover, name="term_handover"),
    path("cum/<int:term_id>/nam-sau/", views.term_create_next, name="term_create_next"),
]
