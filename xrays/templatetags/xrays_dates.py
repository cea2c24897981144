from django import template

from xrays import dates

register = template.Library()

register.filter("long_date", dates.long_date)
register.filter("long_date_time", dates.long_date_time)
register.filter("short_date", dates.short_date)
register.filter("short_date_time", dates.short_date_time)


@register.filter
def short_time_in_zones(value, zone=""):
    """`{{ article.scheduled_for|short_time_in_zones:article.scheduled_time_zone }}`"""
    return dates.time_in_zones(value, zone or "", short=True)
