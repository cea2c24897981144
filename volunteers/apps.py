from django.apps import AppConfig

from xrays.roles import EDITORS, model_perms


class VolunteersConfig(AppConfig):
    name = "volunteers"
    verbose_name = "Volunteer reviewers"

    # Offers are personal data: only editors see them and act on them.
    editorial_roles = {
        EDITORS: model_perms(["view", "change"], "volunteeroffer") + ["create_reviewer_account"],
    }

    def ready(self):
        from articles.extensions import (
            LISTING_TAKE_PART,
            TAKE_PART,
            add_to_article_page,
            add_to_listing_pages,
        )

        # "Be part of XRAYS": one <li>, the same on article pages and the home page.
        add_to_article_page(TAKE_PART, "volunteers/_take_part.html", order=20)
        add_to_listing_pages(LISTING_TAKE_PART, "volunteers/_take_part.html", order=20)
