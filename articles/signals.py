from django.dispatch import Signal

# Sent after the transaction that published a version commits.
# Arguments: article, version, notify_subscribers (bool).
article_published = Signal()

# Sent after an article is withdrawn from the public site. Arguments: article.
article_withdrawn = Signal()
