from django.urls import path

from . import views

app_name = "conferences"
urlpatterns = [
    path("", views.index, name="index"),
    path("moi/", views.conference_create, name="create"),
    path("<int:conference_id>/", views.detail, name="detail"),
    path("hoat-dong/moi/", views.event_create, name="event_create"),
    path("hoat-dong/<int:event_id>/", views.event_detail, name="event_detail"),
    path("hoat-dong/<int:event_id>/ket-qua/", views.event_result_add, name="event_result_add"),
    path("<int:conference_id>/thong-tin/", views.info_update, name="info_update"),
    path("<int:conference_id>/trang-thai/", views.transition, name="transition"),
    path("<int:conference_id>/chu-tri/", views.chair_set, name="chair_set"),
    path("<int:conference_id>/khach-moi/", views.guest_add, name="guest_add"),
    path("<int:conference_id>/khach-moi/<int:guest_id>/xoa/", views.guest_remove, name="guest_remove"),
    path("<int:conference_id>/dai-bieu/", views.attendee_add, name="attendee_add"),
    path("<int:conference_id>/dai-bieu/<int:attendee_id>/", views.attendee_toggle, name="attendee_toggle"),
    path(
        "<int:conference_id>/dai-bieu/<int:attendee_id>/xoa/", views.attendee_remove, name="attendee_remove"
    ),
    path("<int:conference_id>/chuong-trinh/", views.agenda_add, name="agenda_add"),
    path("<int:conference_id>/hoat-dong/", views.side_event_add, name="side_event_add"),
    path(
        "<int:conference_id>/hoat-dong/<int:event_id>/ket-qua/",
        views.side_event_result_add,
        name="side_event_result_add",
    ),
    path("<int:conference_id>/mo-hinh/", views.featured_model_add, name="featured_model_add"),
    path("<int:conference_id>/tai-lieu/", views.document_attach, name="document_attach"),
    path(
        "<int:conference_id>/tai-lieu/<int:document_id>/",
        views.document_download,
        name="document_download",
    ),
    path("<int:conference_id>/ban-giao/", views.hand_over, name="hand_over"),
    path("<int:conference_id>/bien-ban/", views.minutes, name="minutes"),
]
