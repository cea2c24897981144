"""The one format of the site's log lines: a JSON object a line (python-json-logger),
for Django's loggers (settings.LOGGING) and for gunicorn's own lines (gunicorn.conf.py):

    {"level": "INFO", "logger": "gunicorn.error", "message": "Booting worker with pid: 4121",
     "time": "2026-11-29T17:42:02.311+00:00"}
"""

from pythonjsonlogger.json import JsonFormatter


def json_formatter():
    return JsonFormatter(
        "%(levelname)s %(name)s %(message)s",
        rename_fields={"levelname": "level", "name": "logger"},
        timestamp="time",
    )
