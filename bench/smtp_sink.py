"""An SMTP server on loopback that accepts every message and keeps none: the far end
of the fan-out benchmark. Run as `python bench/smtp_sink.py PORT`."""

import sys
import threading

from aiosmtpd.controller import Controller


class Sink:
    async def handle_DATA(self, server, session, envelope):
        return "250 OK"


if __name__ == "__main__":
    controller = Controller(Sink(), hostname="127.0.0.1", port=int(sys.argv[1]))
    controller.start()
    print("ready", flush=True)
    threading.Event().wait()
