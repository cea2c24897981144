"""gunicorn's settings, read from this file when it starts in the project's folder (the
Procfile's web line). The command line (the Procfile's options) overrides them.

gunicorn's own lines (starting, each worker booting, a worker timing out, shutting
down) are JSON, as the site's are (xrays/log_format.py), so that one log reader takes
both. gunicorn keeps no access log: the site writes one line per request itself,
without the reader's address (xrays/request_log.py)."""

from gunicorn.glogging import Logger

from xrays.log_format import json_formatter


class JSONLogger(Logger):
    def setup(self, cfg):
        super().setup(cfg)
        formatter = json_formatter()
        for handler in self.error_log.handlers:
            handler.setFormatter(formatter)


logger_class = JSONLogger
