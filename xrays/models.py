from django.core.cache import cache
from django.db import models

from xrays.sanitize import sanitize_html, validate_rich_text


class SiteText(models.Model):
    """A short piece of site-wide text that editors change without a deploy,
    such as the independence disclosure shown on every article."""

    DISCLOSURE = "disclosure"
    KEYS = [
        (DISCLOSURE, "Independence disclosure (shown on every article)"),
    ]
    CACHE_KEY = "xrays:site-text"

    key = models.CharField(max_length=50, choices=KEYS, unique=True)
    body = models.TextField(
        help_text="Simple formatting allowed: paragraphs, emphasis, links.", validators=[validate_rich_text]
    )

    class Meta:
        verbose_name = "site text"
        verbose_name_plural = "site texts"

    def __str__(self):
        return self.get_key_display()

    def save(self, *args, **kwargs):
        self.body = sanitize_html(self.body)
        super().save(*args, **kwargs)
        cache.delete(self.CACHE_KEY)

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        cache.delete(self.CACHE_KEY)
        return result

    @classmethod
    def all_texts(cls):
        """Every site text by key; cached, since every article page shows them."""
        texts = cache.get(cls.CACHE_KEY)
        if texts is None:
            texts = dict(cls.objects.values_list("key", "body"))
            cache.set(cls.CACHE_KEY, texts, 300)
        return texts
