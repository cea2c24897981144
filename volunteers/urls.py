from django.urls import path

from volunteers import views

app_name = "volunteers"
urlpatterns = [
    path("", views.offer, name="offer"),
    path("thanks/", views.thanks, name="thanks"),
]
