"""Every Socket.IO event of /visitor and /advisor, fuzzed: documented acks, nothing logged."""
import contextvars
import io
import logging
import uuid

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from helpwidget import create_app
from helpwidget.extensions import db, socketio
from helpwidget.realtime.advisor import AdvisorNamespace
from helpwidget.realtime.visitor import VisitorNamespace
from helpwidget.services import advisors, sites
from tests.support.apps import IsolatedClient, app_config, empty_tables
from tests.support.fixtures_advisors import make_advisor
from tests.support.identities import sign_identity
from tests.support.proof import record

pytestmark = pytest.mark.proof

# Emits per event, each followed by a probe: enough variety within the file's budget.
CASES = 50
# The error codes of acks, as the README's "Live chat" lists them.
CODES = {"invalid", "not_found", "unavailable", "taken", "not_yours", "closed", "rated", "open",
         "rate_limited", "unauthorized", "busy"}


def events_of(namespace_class):
    """Return the event names a namespace handles: on_chat_send handles "chat:send"."""
    return sorted(name[3:].replace("_", ":", 1) for name in vars(namespace_class)
                  if name.startswith("on_") and name not in ("on_connect", "on_disconnect"))


VISITOR_EVENTS = events_of(VisitorNamespace)
ADVISOR_EVENTS = events_of(AdvisorNamespace)

# Strings people and attackers send: empty, long, odd Unicode, control characters, markup.
ODD_TEXT = st.sampled_from([
    "", " ", "x" * 5001, "é" * 70_000, "😀" * 3000, "\x00\x01\x7f", "\u202erevés",
    "<script>alert(1)</script>", "' OR 1=1 --", "a" * 65, "\n" * 200, "null", "{}"])
TEXT = st.one_of(st.text(max_size=40), ODD_TEXT)
NUMBERS = st.one_of(st.integers(), st.sampled_from([0, -1, 2**31 - 1, 2**31, 2**63, 2**64,
                                                    10**30, -(2**63) - 1]),
                    st.floats(allow_nan=False, allow_infinity=False))
JUNK = st.recursive(
    st.one_of(st.none(), st.booleans(), NUMBERS, TEXT),
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.text(max_size=12), inner, max_size=4)),
    max_leaves=12)


class Scene:
    """The app, a visitor and consoles connected through Flask-SocketIO's test client, and chats."""

    def __init__(self, app):
        self.app = app
        self.http = app.test_client()

    def isolated(self, function, *args, **kwargs):
        """Run a Socket.IO call in its own context, as a server worker would."""
        return contextvars.Context().run(function, *args, **kwargs)

    def connect(self, namespace, auth, headers=None, accepted=True):
        """Open a test client of `namespace` (that must be accepted, unless told otherwise)."""
        client = self.isolated(socketio.test_client, self.app, namespace=namespace, auth=auth,
                               headers=headers)
        assert client.is_connected(namespace) or not accepted
        return client

    def call(self, client, namespace, event, *args):
        """Emit an event and return its ack."""
        return self.isolated(client.emit, event, *args, namespace=namespace, callback=True)

    def session(self, site="acme", **body):
        """Open a widget session through the API and return its visitor token."""
        response = self.http.post("/api/v1/session", json={"site": site, **body})
        assert response.status_code == 201, response.get_json()
        return response.get_json()["visitor_token"]

    def upload(self, token):
        """Upload a text file through the API and return its id."""
        response = self.http.post("/api/v1/uploads", data={
            "site": "acme", "file": (io.BytesIO("Factura 4711: error 500".encode()), "nota.txt")},
            headers={"Authorization": f"Bearer {token}"}, content_type="multipart/form-data")
        assert response.status_code == 201, response.get_json()
        return response.get_json()["id"]

    def build(self):
        """Create two sites, three advisors with consoles online, and visitors."""
        with self.app.app_context():
            site = sites.save_site("acme", name="Acme Facturas", default_locale="es",
                                   locales=["es", "en", "pl"])
            other = sites.save_site("globex", name="Globex", default_locale="en",
                                    locales=["en"])
            people = [make_advisor("piotr@support.example.com", "Piotr Nowak", (site, "admin")),
                      make_advisor("marta@support.example.com", "Marta Gómez",
                                   (site, "advisor")),
                      make_advisor("olga@globex.example.com", "Olga Berg", (other, "advisor"))]
            self.advisor_ids = [a.id for a in people]
            tokens = [advisors.issue_token(a) for a in people]
            self.advisor_token = advisors.issue_token(people[1])  # Marta's, for connect cases
            self.identity = sign_identity(site, sub="ana")
            db.session.remove()
        self.consoles = [self.connect("/advisor", {"token": t}) for t in tokens]
        for console in self.consoles:
            assert self.call(console, "/advisor", "presence:set", {"status": "online"})["ok"]
        self.console = self.consoles[0]  # Piotr's: the one fuzzed
        self.ana_token = self.session(identity=self.identity)
        self.visitor = self.connect("/visitor", {"site": "acme", "token": self.ana_token})
        self.upload_ids = [self.upload(self.ana_token), self.upload(self.session())]
        self.globex_chat = self.start_chat(self.session(site="globex"), site="globex",
                                           console=self.consoles[2])

    def start_chat(self, token, site="acme", console=None, close=False):
        """Open a chat as the visitor of `token`, with a first message; claim or close it."""
        widget = self.connect("/visitor", {"site": site, "token": token})
        ack = self.call(widget, "/visitor", "chat:start",
                        {"client_id": uuid.uuid4().hex, "body": "Hola, necesito ayuda"})
        assert ack["ok"], ack
        chat_id = ack["chat"]["id"]
        if console is not None and ack["chat"]["status"] == "queued":
            assert self.call(console, "/advisor", "chat:claim", {"chat_id": chat_id})["ok"]
        if close:
            assert self.call(widget, "/visitor", "chat:close", {"chat_id": chat_id})["ok"]
        self.isolated(widget.disconnect, namespace="/visitor")
        return chat_id

    def refresh(self):
        """Give Ana an ended chat and an open one Piotr answers; Bob one waiting in the queue."""
        self.ended_chat = self.start_chat(self.ana_token, console=self.console, close=True)
        self.ana_chat = self.start_chat(self.ana_token, console=self.console)
        self.bob_chat = self.start_chat(self.session())
        self.chat_ids = [self.ana_chat, self.ended_chat, self.bob_chat, self.globex_chat]



def payloads(fields):
    """Payloads of an event: valid, near-valid (some fields junk, dropped or added), or junk."""
    @st.composite
    def build(draw):
        mode = draw(st.sampled_from(["valid", "near", "near", "junk"]), label="payload")
        if mode == "junk":
            return draw(JUNK)
        payload = {}
        for key, (valid, odd) in fields.items():
            choice = "valid" if mode == "valid" else draw(
                st.sampled_from(["valid", "valid", "odd", "junk", "drop"]), label=key)
            if choice != "drop":
                payload[key] = draw({"valid": valid, "odd": odd, "junk": JUNK}[choice])
        if mode == "near" and draw(st.integers(0, 4), label="extra key") == 0:
            payload[draw(st.text(min_size=1, max_size=12))] = draw(JUNK)
        return payload
    return build()


def event_fields(scene, event):
    """Return, for each field of `event`'s payload, strategies of valid and of odd values."""
    chat = (st.sampled_from([scene.ana_chat] * 3 + scene.chat_ids), st.one_of(
        st.sampled_from(scene.chat_ids), NUMBERS))
    client_id = (st.uuids().map(lambda u: u.hex), st.one_of(st.just("same-id"), TEXT))
    body = (st.sampled_from(["¿Me ayudas con la factura 4711?", "Gracias"]), TEXT)
    attachments = (st.lists(st.sampled_from(scene.upload_ids), max_size=1),
                   st.lists(st.one_of(TEXT, st.sampled_from(scene.upload_ids)), max_size=12))
    seq = (st.integers(0, 5), NUMBERS)
    fields = {
        "chat:start": {"topic": (st.just(""), TEXT),
                       "page_route": (st.just("/invoices/new"), TEXT),
                       "name": (st.just("Ana"), TEXT),
                       "email": (st.just("ana@example.com"), TEXT),
                       "client_id": client_id, "body": body, "attachments": attachments,
                       "locale": (st.sampled_from(["es", "en"]), TEXT)},
        "chat:current": {"after_seq": seq},
        "chat:sync": {"chat_id": chat, "after_seq": seq},
        "chat:send": {"chat_id": chat, "client_id": client_id, "body": body,
                      "attachments": attachments},
        "chat:typing": {"chat_id": chat, "typing": (st.booleans(), JUNK)},
        "chat:read": {"chat_id": chat, "seq": seq},
        "chat:close": {"chat_id": chat},
        "chat:rate": {"chat_id": (st.sampled_from([scene.ended_chat, scene.ana_chat]), chat[1]),
                      "rating": (st.integers(1, 5), NUMBERS),
                      "comment": (st.just("Muy amable"), TEXT)},
        "chat:transcript": {"chat_id": chat, "email": (st.just("ana@example.com"), st.one_of(
            TEXT, st.just("x" * 400 + "@example.com")))},
        "presence:set": {"status": (st.sampled_from(["online", "away"]), TEXT)},
        "chat:claim": {"chat_id": (st.sampled_from(scene.chat_ids), chat[1])},
        "chat:transfer": {"chat_id": chat, "advisor_id": (st.sampled_from(scene.advisor_ids),
                                                          NUMBERS)},
        "chat:team": {"chat_id": chat},
        "chat:context": {"chat_id": chat},
    }
    return fields.get(event, {})


def arguments(scene, event):
    """Draw the arguments of an emit: mostly one payload, sometimes none or one too many."""
    payload = payloads(event_fields(scene, event))
    return st.one_of(st.tuples(payload), st.tuples(payload), st.tuples(payload), st.just(()),
                     st.tuples(payload, JUNK))


def check_ack(ack):
    """Fail unless `ack` is {ok: true, ...} or {ok: false, error: {code, message, fields?}}."""
    assert isinstance(ack, dict) and isinstance(ack.get("ok"), bool), ack
    if ack["ok"]:
        return
    assert set(ack) == {"ok", "error"}, ack
    error = ack["error"]
    assert set(error) <= {"code", "message", "fields"}, ack
    assert error["code"] in CODES, ack
    assert isinstance(error["message"], str) and error["message"], ack
    assert isinstance(error.get("fields", {}), dict), ack


class ErrorLog(logging.Handler):
    """Collects every record of level ERROR or above, from any logger."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.records = []

    def emit(self, record):
        self.records.append(f"{record.name}: {record.getMessage()}")


@pytest.fixture(scope="module")
def scene(database_url, tmp_path_factory):
    """Return the connected scene; disconnect and empty the tables afterwards."""
    config = {**app_config(database_url, tmp_path_factory.mktemp("fuzz-socket-index")),
              "UPLOADS_DIR": str(tmp_path_factory.mktemp("fuzz-socket-uploads")),
              # Fuzzing should meet the handlers, not the message rate limit.
              "RATELIMIT_CHAT_MESSAGES": "100000 per minute",
              "RATELIMIT_CHAT_START": "100000 per minute",
              "RATELIMIT_TICKETS": "100000 per minute",
              "SOCKET_EVENTS_PER_SECOND": 100000, "SOCKET_EVENT_BURST": 100000,
              "SOCKET_TYPING_PER_SECOND": 100000, "SOCKET_TYPING_BURST": 100000}
    app = create_app(config)
    app.test_client_class = IsolatedClient
    scene = Scene(app)
    scene.build()
    yield scene
    for client, namespace in [(c, "/advisor") for c in scene.consoles] + [
            (scene.visitor, "/visitor")]:
        if client.is_connected(namespace):
            scene.isolated(client.disconnect, namespace=namespace)
    with app.app_context():
        empty_tables()


@pytest.fixture
def errors():
    """Collect the error records logged while a test runs."""
    handler = ErrorLog()
    logging.getLogger().addHandler(handler)
    yield handler.records
    logging.getLogger().removeHandler(handler)


def test_the_handled_events_are_fuzzed():
    assert {"chat:send", "chat:start", "chat:rate", "chat:transcript"} <= set(VISITOR_EVENTS)
    assert {"chat:claim", "chat:transfer", "chat:context", "presence:set"} <= set(ADVISOR_EVENTS)


@pytest.mark.parametrize("namespace,event", [("/visitor", e) for e in VISITOR_EVENTS]
                         + [("/advisor", e) for e in ADVISOR_EVENTS])
def test_event_survives_fuzzing(scene, errors, namespace, event):
    scene.refresh()
    client = scene.visitor if namespace == "/visitor" else scene.console
    # A question every connection may ask, to show the server still answers after each case.
    probe = "chat:availability" if namespace == "/visitor" else "chat:queue"
    outcomes = []

    @given(args=arguments(scene, event))
    @settings(max_examples=CASES, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    def fuzz(args):
        ack = scene.call(client, namespace, event, *args)
        check_ack(ack)
        outcomes.append(ack["ok"])
        assert client.is_connected(namespace)
        assert scene.call(client, namespace, probe)["ok"]
        assert errors == []

    fuzz()
    record("fuzz", f"socket {namespace} {event}", cases=len(outcomes), failures=0,
           accepted=sum(outcomes))


ORIGINS = st.sampled_from([None, "https://app.acme.test", "http://localhost", "https://evil.test",
                           "null", "", "app.acme.test", "https://app.acme.test:99999"])


@pytest.mark.parametrize("namespace", ["/visitor", "/advisor"])
def test_connect_survives_fuzzing(scene, errors, namespace):
    fields = {"site": (st.sampled_from(["acme", "globex"]), TEXT),
              "token": (st.just(scene.ana_token), TEXT),
              "locale": (st.sampled_from(["es", "pl"]), TEXT)} if namespace == "/visitor" \
        else {"token": (st.just(scene.advisor_token), TEXT)}
    outcomes = []

    @given(auth=payloads(fields), origin=ORIGINS)
    @settings(max_examples=CASES, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    def fuzz(auth, origin):
        # Socket.IO's packet format reads leading digits as an ack id: a bare number as auth
        # ("40/advisor,5.0") cannot be encoded, so the test client would fail on its own packet.
        assume(not isinstance(auth, (int, float)) or isinstance(auth, bool))
        client = scene.connect(namespace, auth, {"Origin": origin} if origin is not None else {},
                               accepted=False)
        outcomes.append(client.is_connected(namespace))
        if client.is_connected(namespace):
            probe = "chat:availability" if namespace == "/visitor" else "chat:queue"
            assert scene.call(client, namespace, probe)["ok"]
            scene.isolated(client.disconnect, namespace=namespace)
        assert errors == []

    fuzz()
    record("fuzz", f"socket {namespace} connect", cases=len(outcomes), failures=0,
           accepted=sum(outcomes))
