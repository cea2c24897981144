from django.urls import path

from articles.public import history, preview, views, visit_sheet

app_name = "articles"
urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("articles/<slug:slug>/", views.article_detail, name="detail"),
    path("articles/<slug:slug>/print/", views.article_print, name="print"),
    path("articles/<slug:slug>/visit-sheet/", visit_sheet.visit_sheet, name="visit_sheet"),
    path("articles/<slug:slug>/history/", history.article_history, name="history"),
    # A signed link to a draft for an outside reviewer (see articles.workflow.previews).
    path("preview/<str:token>/", preview.shared_preview, name="shared_preview"),
]
