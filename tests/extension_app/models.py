from django.db import models


class Highlight(models.Model):
    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE)
    text = models.CharField(max_length=200)

    def __str__(self):
        return self.text
