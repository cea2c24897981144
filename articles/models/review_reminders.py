"""The editors' weekly reminder of the reviews that are due: one row per ISO week, made
by the run that sends it, so that running the weekly command again in the same week
(by hand, or a cron that fired twice) sends nothing more (articles.tasks)."""

from django.db import models


class ReviewReminder(models.Model):
    week = models.CharField(max_length=8, unique=True, help_text='The ISO week, e.g. "2026-W50".')
    created_at = models.DateTimeField(auto_now_add=True)
    overdue = models.PositiveIntegerField(default=0, help_text="Articles whose review was overdue.")
    due_soon = models.PositiveIntegerField(default=0, help_text="Articles whose review was due soon.")

    class Meta:
        ordering = ["-week"]

    def __str__(self):
        return f"Review reminder {self.week}"
