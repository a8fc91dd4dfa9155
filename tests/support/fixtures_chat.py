"""Fixtures for live chat: real python-socketio clients of the widget and the console."""
import functools
import queue
import threading
import uuid

import pytest
import socketio
import websocket

from tests.support.fixtures_advisors import advisor_login
from tests.support.fixtures_tickets import anonymous

# The in-process test server (Werkzeug's, threaded) never answers a WebSocket close frame, so
# websocket-client would wait out its 3 s close timeout at every disconnect of the Socket.IO
# client. The eventlet server users meet answers at once; no test depends on that wait.
websocket.WebSocket.close = functools.partialmethod(websocket.WebSocket.close, timeout=0.2)

_EVENTS = ("chat:message", "chat:typing", "chat:read", "chat:status", "chat:queued", "presence",
           "ticket", "alert", "chat:labels")


class ChatClient:
    """A real Socket.IO client of one namespace that records the events it hears."""

    def __init__(self, base_url, namespace, auth, headers=None):
        self.namespace = namespace
        self.events = queue.Queue()
        self.client = socketio.Client(reconnection=False)
        for name in _EVENTS:
            self.client.on(name, lambda data, name=name: self.events.put((name, data)),
                           namespace=namespace)
        # The threaded test server speaks long-polling only; the cluster tests cover WebSocket.
        self.client.connect(base_url, namespaces=[namespace], auth=auth, headers=headers or {},
                            transports=["polling"],
                            wait_timeout=10)

    def call(self, event, data=None):
        """Emit an event and return its ack."""
        return self.client.call(event, data if data is not None else {},
                                namespace=self.namespace, timeout=10)

    def ok(self, event, data=None):
        """Emit an event, check that it succeeded, and return its ack."""
        reply = self.call(event, data)
        assert reply["ok"], reply
        return reply

    def send(self, chat_id, body, client_id=None, **extra):
        """Send a chat message and return the stored message."""
        return self.ok("chat:send", {"chat_id": chat_id, "client_id": client_id or uuid.uuid4().hex,
                                     "body": body, **extra})["message"]

    def wait(self, name, timeout=10, where=None):
        """Return the data of the next `name` event (matching `where`), skipping others."""
        while True:
            event, data = self.events.get(timeout=timeout)
            if event == name and (where is None or where(data)):
                return data

    def quiet(self, name, wait=0.5):
        """Tell whether no `name` event arrives within `wait` seconds."""
        try:
            self.wait(name, timeout=wait)
            return False
        except queue.Empty:
            return True

    def close(self):
        """Disconnect."""
        if self.client.connected:
            self.client.disconnect()


@pytest.fixture
def connect(live_server):
    """Open chat clients against the live server; close them after the test."""
    opened = []

    def open_client(namespace, auth, headers=None):
        chat_client = ChatClient(live_server, namespace, auth, headers)
        opened.append(chat_client)
        return chat_client
    yield open_client
    # Closing a long-polling client waits for its poll to end: close them all at once.
    closers = [threading.Thread(target=c.close) for c in opened]
    for closer in closers:
        closer.start()
    for closer in closers:
        closer.join(timeout=15)


@pytest.fixture
def console(client, connect, advisor):
    """Return a console of `advisor` (Marta) that is online and takes chats."""
    console = connect("/advisor", {"token": advisor_login(client, advisor.email)})
    console.ok("presence:set", {"status": "online"})
    return console


@pytest.fixture
def widget(client, site, connect):
    """Return a function opening an anonymous visitor's widget; it returns (client, token)."""
    def open_widget(token=None, **auth):
        token = token or anonymous(client, site)
        return connect("/visitor", {"site": site.key, "token": token, **auth}), token
    return open_widget


class Visitor:
    """A widget on python-socketio's client: it chats and records what the server says."""

    def __init__(self, base_url, site_key, token):
        self.events = queue.Queue()
        self.client = socketio.Client(reconnection=False)
        for name in ("chat:message", "chat:status", "chat:typing", "chat:read"):
            self.client.on(name, lambda data, name=name: self.events.put((name, data)),
                           namespace="/visitor")
        self.client.connect(base_url, namespaces=["/visitor"],
                            auth={"site": site_key, "token": token}, wait_timeout=10)

    def call(self, event, data):
        """Emit an event and return its ack, which must be a success."""
        ack = self.client.call(event, data, namespace="/visitor", timeout=10)
        assert ack["ok"], ack
        return ack

    def wait_for(self, event, match=lambda data: True, timeout=10):
        """Return the data of the next `event` that matches, skipping others."""
        while True:
            name, data = self.events.get(timeout=timeout)
            if name == event and match(data):
                return data


@pytest.fixture
def visitor(client, site, live_server):
    """Connect an anonymous visitor of `site` to the live server."""
    token = anonymous(client, site)
    widget = Visitor(live_server, site.key, token)
    yield widget
    widget.client.disconnect()
