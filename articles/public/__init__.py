"""What readers meet: the home page, article pages, print, the doctor-visit sheet,
search, audience listings, feeds, the sitemap and the shared preview of a draft. It
imports the core (models, snapshot, page, workflow), never the admin (articles.admin);
make lint checks that rule."""
