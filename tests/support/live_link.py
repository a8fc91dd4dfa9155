"""The help panel's live connection in a browser test, cut from the server and let back."""
import re
import time

SOCKET = re.compile(r".*/socket\.io/.*")


class LiveLink:
    """Pass a page's Socket.IO traffic through until `cut()`; refuse it until `restore()`."""

    def __init__(self, page):
        self.page = page
        self.cut_off = False
        self.open = []  # (page side, server side) of each connection passed through
        self.joined = 0  # namespace connections the server confirmed ("40/visitor…")
        page.route_web_socket(SOCKET, self._socket)
        page.route(SOCKET, lambda route: route.abort() if self.cut_off else route.continue_())

    def _socket(self, ws):
        if self.cut_off:
            ws.close()
            return
        server = ws.connect_to_server()

        def to_page(message):
            if isinstance(message, str) and message.startswith("40/visitor"):
                self.joined += 1
            ws.send(message)
        server.on_message(to_page)
        self.open.append((ws, server))

    def wait_joined(self, count=1, within=10):
        """Wait until the server has confirmed `count` connections of the panel."""
        deadline = time.monotonic() + within
        while self.joined < count:
            assert time.monotonic() < deadline, "the panel's live connection never connected"
            self.page.wait_for_timeout(50)

    def cut(self):
        """Close every connection and refuse new ones: the server's events go nowhere."""
        self.cut_off = True
        for ws, server in self.open:
            server.close()
            ws.close()
        self.open.clear()

    def restore(self):
        """Let the panel's next attempt through."""
        self.cut_off = False
