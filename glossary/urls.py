from django.urls import path

from glossary import views

app_name = "glossary"
urlpatterns = [
    path("", views.index, name="index"),
    path("switch/", views.switch, name="switch"),
]
