"""Mail servers started inside a test on 127.0.0.1: a real one, a silent one, none at all."""

import socket
import threading
from contextlib import contextmanager

from aiosmtpd.controller import Controller


def refusing_smtp_port() -> int:
    """A port where nothing listens: the connection is refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Collector:
    """aiosmtpd handler keeping every message it accepts."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 Message accepted for delivery"


@contextmanager
def smtp_server(port: int = 0):
    """A real SMTP server (aiosmtpd) on 127.0.0.1; yields ``(port, collector)``."""
    collector = Collector()
    if not port:
        port = refusing_smtp_port()
    controller = Controller(collector, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, collector
    finally:
        controller.stop()


@contextmanager
def blackhole_server(port: int = 0):
    """Accepts TCP connections and never says a word (a mail server that hangs)."""
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", port))
    listener.listen(50)
    accepted = []
    stopping = threading.Event()

    def accept():
        listener.settimeout(0.2)
        while not stopping.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            accepted.append(connection)

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stopping.set()
        thread.join()
        for connection in accepted:
            connection.close()
        listener.close()
