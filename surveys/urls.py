from django.urls import path

from surveys import views

app_name = "surveys"
urlpatterns = [
    path("<slug:slug>/", views.answer, name="answer"),
    path("<slug:slug>/thanks/", views.thanks, name="thanks"),
]
