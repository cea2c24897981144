from django.urls import path

from suggestions import views

app_name = "suggestions"

urlpatterns = [
    path("", views.suggest, name="suggest"),
    path("thanks/", views.thanks, name="thanks"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
