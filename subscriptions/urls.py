from django.urls import path

from subscriptions import views

app_name = "subscriptions"

urlpatterns = [
    path("follow/", views.follow_site, name="follow_site"),
    path("follow/article/<slug:slug>/", views.follow_article, name="follow_article"),
    path("follow/audience/<slug:slug>/", views.follow_audience, name="follow_audience"),
    path("check-your-inbox/", views.check_inbox, name="check_inbox"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("manage/<str:token>/", views.manage, name="manage"),
    path("manage/<str:token>/delete/", views.delete, name="delete"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
