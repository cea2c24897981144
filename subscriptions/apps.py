from django.apps import AppConfig

from xrays.roles import EDITORS, model_perms


class SubscriptionsConfig(AppConfig):
    name = "subscriptions"
    verbose_name = "Subscriptions"

    # Subscriber addresses are personal data: only editors see them, export them, or
    # pause a notice.
    editorial_roles = {
        EDITORS: model_perms(["view", "change", "delete"], "subscriber")
        + model_perms(["view", "delete"], "subscription")
        + model_perms(["view", "change"], "notice")
        + model_perms(["view"], "delivery")
        + ["export_subscriber"],
    }

    def ready(self):
        from articles.extensions import AFTER_HEADER, LISTING, add_to_article_page, add_to_listing_pages
        from articles.signals import article_published, article_withdrawn
        from subscriptions import notices
        from subscriptions.health import sending_health
        from xrays import health

        add_to_article_page(AFTER_HEADER, "subscriptions/_follow_article_link.html")
        add_to_listing_pages(LISTING, "subscriptions/_follow_listing_link.html")
        article_published.connect(notices.notice_on_publication, dispatch_uid="subscriptions.notice")
        article_withdrawn.connect(notices.stop_notices_on_withdrawal, dispatch_uid="subscriptions.withdrawn")
        health.register("sending", sending_health, permission="subscriptions.view_notice")
