from django.apps import AppConfig

from xrays.roles import EDITORS, model_perms


class SuggestionsConfig(AppConfig):
    name = "suggestions"
    verbose_name = "Story suggestions"

    # Readers' suggestions may hold their address: only editors see and decide them.
    # Readers add them (the public form), never staff.
    editorial_roles = {
        EDITORS: model_perms(["view", "change", "delete"], "suggestion"),
    }

    def ready(self):
        from articles.extensions import (
            LISTING_TAKE_PART,
            TAKE_PART,
            add_to_article_page,
            add_to_listing_pages,
        )

        add_to_article_page(TAKE_PART, "suggestions/_take_part_article.html", order=10)
        add_to_listing_pages(LISTING_TAKE_PART, "suggestions/_take_part_listing.html", order=10)
