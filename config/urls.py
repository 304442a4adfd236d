from django.contrib import admin
from django.urls import include, path, re_path

from thidua.api import views as api_views
from thidua.api.api import api

admin.site.site_header = "thidua — quản trị"
admin.site.site_title = "thidua"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("tai-khoan/quan-ly/", include("thidua.personnel.urls")),
    path("tai-khoan/", include("thidua.accounts.urls")),
    path("to-chuc/", include("thidua.organisation.urls")),
    path("thi-dua/", include("thidua.emulation.urls")),
    path("cham-diem/", include("thidua.scoring.urls")),
    path("hoi-nghi/", include("thidua.conferences.urls")),
    path("bo-phieu/", include("thidua.voting.urls")),
    path("khen-thuong/", include("thidua.awards.urls")),
    path("van-ban/", include("thidua.documents.urls")),
    path("trao-doi/", include("thidua.exchange.urls")),
    path("nhat-ky/", include("thidua.audit.urls")),
    path("thong-bao/", include("thidua.notifications.urls")),
    path("", include("thidua.core.urls")),  # holds the /api/docs redirect, so before the catch-all
    re_path(r"^api/(?P<rest>.*)$", api_views.not_found),  # JSON 404, not the HTML page
]
# Nothing under MEDIA_ROOT is served as such, in development either: every stored file (evidence,
# decision and conference attachments, generated papers, templates) goes out through its app's
# permission-checked download view (thidua.core.http.stored_file). The reverse proxy must not map
# MEDIA_ROOT either (README, Production).
