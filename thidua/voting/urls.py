from django.urls import path

from . import views

app_name = "voting"
urlpatterns = [
    path("", views.index, name="index"),
    path("hoi-nghi/<int:conference_id>/", views.conference_ballots, name="conference_ballots"),
    path("phieu/<int:ballot_id>/", views.ballot_detail, name="ballot_detail"),
    path("phieu/<int:ballot_id>/luot-bo-phieu/", views.turnout, name="turnout"),
    path("phieu/<int:ballot_id>/thao-tac/<str:action>/", views.ballot_action, name="ballot_action"),
    path("phieu/<int:ballot_id>/ban-kiem-phieu/", views.committee_update, name="committee_update"),
    path("phieu/<int:ballot_id>/phat-phieu-giay/", views.paper_issue, name="paper_issue"),
    path("phieu/<int:ballot_id>/phieu-giay/", views.paper_totals, name="paper_totals"),
    path("phieu/<int:ballot_id>/bien-ban-giay/", views.paper_record, name="paper_record"),
    path("phieu/<int:ballot_id>/phieu-giay/tung-phieu/", views.paper_ballot, name="paper_ballot"),
    path(
        "phieu/<int:ballot_id>/phieu-giay/<int:batch_id>/xac-nhan/", views.batch_confirm, name="batch_confirm"
    ),
    path("phieu/<int:ballot_id>/phieu-giay/<int:batch_id>/huy/", views.batch_discard, name="batch_discard"),
    path("phieu/<int:ballot_id>/dong-phieu/<int:option_id>/", views.decide_tie, name="decide_tie"),
    path("phieu/<int:ballot_id>/ma/", views.slips, name="slips"),
    path("phieu/<int:ballot_id>/ma/in/", views.slips_print, name="slips_print"),
    path("phieu/<int:ballot_id>/ma/in-lai/", views.slip_reprint, name="slip_reprint"),
    path("phieu/<int:ballot_id>/bien-ban/", views.minutes, name="minutes"),
    path("bau/", views.vote, name="vote"),  # the code only in the POST body, never in a URL
]
