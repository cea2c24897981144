from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from articles.public.feeds import ArticlesAtomFeed, ArticlesFeed, AudienceFeed, feeds_help
from articles.public.sitemaps import ArticleSitemap, PageSitemap, sitemap_page
from articles.public.views import audience_detail
from volunteers import passwords
from xrays import views
from xrays.page_cache import public_page

sitemaps = {"articles": ArticleSitemap, "pages": PageSitemap}

# Readers' pages, in every language of settings.LANGUAGES: English at today's addresses,
# Spanish under /es/. The machines' and editors' addresses below have no language.
urlpatterns = i18n_patterns(
    path("", include("articles.public.urls")),
    path("audiences/<slug:slug>/", audience_detail, name="audience_detail"),
    path("glossary/", include("glossary.urls")),
    path("subscriptions/", include("subscriptions.urls")),
    path("surveys/", include("surveys.urls")),
    path("suggest/", include("suggestions.urls")),
    path("volunteer/", include("volunteers.urls")),
    path("feeds/", public_page(feeds_help), name="feeds"),
    path("feeds/articles/", public_page(ArticlesFeed()), name="feed_rss"),
    path("feeds/articles/atom/", public_page(ArticlesAtomFeed()), name="feed_atom"),
    path("feeds/audiences/<slug:slug>/", public_page(AudienceFeed()), name="feed_audience"),
    prefix_default_language=False,
) + [
    path("sitemap.xml", public_page(sitemap_page, query=("p",)), {"sitemaps": sitemaps}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("healthz", views.healthz, name="healthz"),
    path("healthz/<slug:name>", views.health_check, name="health_check"),
    # A new reviewer chooses their password from the link in their account email.
    path("admin/reset/<uidb64>/<token>/", passwords.set_password, name="password_reset_confirm"),
    path("admin/reset/done/", passwords.password_set, name="password_reset_complete"),
    path("admin/", admin.site.urls),
]

# Error pages in the address's language even when raised before LocaleMiddleware runs.
handler400 = views.bad_request
handler500 = views.server_error
