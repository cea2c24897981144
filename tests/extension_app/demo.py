from articles.models import Article
from tests.extension_app.models import Highlight


def load(run):
    article = Article.objects.filter(slug="does-metastasis-happen-earlier").first()
    if article is not None:
        Highlight.objects.get_or_create(article=article, defaults={"text": "A highlight from the demo."})
