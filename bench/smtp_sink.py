"""An SMTP server on loopback that accepts every message and keeps none: the far end
of the fan-out benchmark. Run as `python bench/smtp_sink.py PORT [SIZE_FILE]`: it writes
the size in bytes of the last message it took to SIZE_FILE whenever that size changes,
so that the bare smtplib loop can send messages as large as the worker's."""

import sys
import threading

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, size_file=None):
        self.size_file, self.size = size_file, None

    async def handle_DATA(self, server, session, envelope):
        if self.size_file and len(envelope.content) != self.size:
            self.size = len(envelope.content)
            with open(self.size_file, "w") as f:
                f.write(str(self.size))
        return "250 OK"


if __name__ == "__main__":
    controller = Controller(
        Sink(sys.argv[2] if len(sys.argv) > 2 else None), hostname="127.0.0.1", port=int(sys.argv[1])
    )
    controller.start()
    print("ready", flush=True)
    threading.Event().wait()
