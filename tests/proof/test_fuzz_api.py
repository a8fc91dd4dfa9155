"""Every REST operation of the OpenAPI document, fuzzed in-process: no 5xx, documented answers."""
import contextvars
import copy
import io
import re
import struct
import zlib
from types import SimpleNamespace

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from helpwidget import create_app
from helpwidget.api.spec import documented_operations
from helpwidget.extensions import db
from helpwidget.models import Advisor, Chat, ChatMessage, Visitor
from helpwidget.services import advisors, sites
from tests.support.apps import IsolatedClient, app_config, empty_tables
from tests.support.fixtures_advisors import advisor_login, make_advisor
from tests.support.fixtures_tickets import ticket_form
from tests.support.identities import sign_identity
from tests.support.proof import record

pytestmark = pytest.mark.proof

# Generated requests per operation: enough to reach past validation, within the file's budget.
CASES = 40
# Sign-in hashes every password it is shown (scrypt, slow on purpose): fewer cases there.
FEWER_CASES = {"POST /advisor/session": 12}
OPERATIONS = [f"{method.upper()} {path}" for method, path in documented_operations()]
# Fuzzing should meet the code behind the limits, not the limits themselves.
HIGH = "100000 per minute"
LIMITS = {name: HIGH for name in (
    "RATELIMIT_SESSION", "RATELIMIT_FEEDBACK", "RATELIMIT_TICKETS", "RATELIMIT_COMMENTS",
    "RATELIMIT_UPLOADS", "RATELIMIT_ADVISOR_LOGIN", "RATELIMIT_SPEEDTEST",
    "RATELIMIT_CHAT_MESSAGES", "RATELIMIT_SESSION_IP", "RATELIMIT_CHAT_START")}
# What a stack trace looks like in any body: Python's header, or its frame lines.
TRACEBACK = re.compile(r"Traceback \(most recent call last\)|File \"[^\"]+\.py\", line \d+")


def png_bytes():
    """Return a valid 1x1 PNG image."""
    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


@schemathesis.check
def no_stack_trace(ctx, response, case):
    """Fail when a body carries a Python stack trace."""
    text = (response.content or b"").decode("utf-8", "replace")
    if TRACEBACK.search(text):
        raise AssertionError(f"stack trace in the body: {text[:300]}")
    return None


CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance, no_stack_trace]


class World:
    """The app under fuzzing and real objects for path ids, tokens and near-valid input."""

    def __init__(self, app):
        self.app = app
        self.client = app.test_client()
        self.replies = 0
        self.fresh = {}

    def wsgi(self, environ, start_response):
        """Serve one request in its own context, as a production worker would."""
        return contextvars.Context().run(self.app, environ, start_response)

    def api(self, method, path, token=None, **kwargs):
        """Call the API as a setup step and return the JSON of a successful answer."""
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        response = self.client.open("/api/v1" + path, method=method, headers=headers, **kwargs)
        assert response.status_code < 300, (method, path, response.get_json())
        return response.get_json()

    def build(self):
        """Create two sites, advisors, visitors, articles, tickets, files, replies and windows."""
        self.site = sites.save_site(
            "acme", name="Acme Facturas", default_locale="es", locales=["es", "en", "pl"],
            allowed_origins=["https://app.acme.test"],
            account_types=["accountant", "office_client", "partner"])
        self.other_site = sites.save_site("globex", name="Globex", default_locale="en",
                                          locales=["en"])
        # Settings and secret rotation are fuzzed on a site of their own: a valid change there
        # (languages, origins, secret) must not change the world the other operations share.
        self.settings_site = sites.save_site("initech", name="Initech", default_locale="en",
                                             locales=["en"])
        self.admin_id = make_advisor("piotr@support.example.com", "Piotr Nowak",
                                     (self.site, "admin"), (self.settings_site, "admin")).id
        self.members = 0
        make_advisor("marta@support.example.com", "Marta Gómez", (self.site, "advisor"))
        make_advisor("olga@globex.example.com", "Olga Berg", (self.other_site, "advisor"))
        db.session.commit()
        # One sign-in through the API; the other consoles skip the deliberately slow hash.
        self.tokens = {
            "admin": advisor_login(self.client, "piotr@support.example.com"),
            "advisor": advisors.issue_token(advisors.get_by_email("marta@support.example.com")),
            "outsider": advisors.issue_token(advisors.get_by_email("olga@globex.example.com")),
            "ana": self.session(identity=sign_identity(self.site, sub="ana")),
            "bob": self.session(identity=sign_identity(self.site, sub="bob", account_id="acc-2",
                                                       account_type="partner")),
            "anonymous": self.session(),
            "globex": self.session(site="globex"),
        }
        self.identity = sign_identity(self.site, sub="ana")
        admin = self.tokens["admin"]
        self.article_ids, self.slugs = [], ["no-such-article"]
        for title, extra in (("Cómo emitir una factura", {"routes": ["/invoices/new"]}),
                             ("Exportar a Excel", {"kind": "faq", "tags": ["excel"]}),
                             ("Tarifas de socios", {"audience": ["partner"]}),
                             ("Borrador", {"published": False}),
                             ("Issuing invoices", {"locale": "en"})):
            article = self.api("POST", "/advisor/sites/acme/articles", admin, json={
                "title": title, "body": f"# {title}\n\nPasos **claros**.", **extra})
            self.article_ids.append(article["id"])
            self.slugs.append(article["slug"])
        # Ana's recorded searches: only she may say which result she opened.
        self.search_ids = [self.api("GET", "/search", self.tokens["ana"], query_string={
            "site": "acme", "q": q})["search_id"] for q in ("factura", "excel")]
        self.attachment_ids = ["nope"]
        self.numbers, self.ticket_ids, self.ana_numbers = [999999], [0], []
        anonymous = {"name": "Luis", "email": "luis@example.com"}
        for owner, overrides in (("ana", {}), ("ana", {"shared": True}), ("ana", {}),
                                 ("bob", {}), ("anonymous", anonymous)):
            upload = self.upload(owner)
            ticket = self.api("POST", "/tickets", self.tokens[owner], json=ticket_form(
                self.site, attachments=[upload], **overrides))
            self.numbers.append(ticket["ticket"]["number"])
            if owner == "ana":
                self.ana_numbers.append(ticket["ticket"]["number"])
            self.attachment_ids.append(upload)
        self.attachment_ids.append(self.upload("ana"))  # unclaimed: only its owner reads it
        inbox = {t["number"]: t["id"] for t in self.api("GET", "/advisor/tickets", admin)[
            "tickets"]}
        self.ticket_ids += list(inbox.values())
        # One of Ana's requests is resolved, so she may rate it.
        self.api("POST", f"/advisor/tickets/{inbox[self.ana_numbers[1]]}/comments", admin,
                 json={"body": "Revisado.", "status": "resolved"})
        self.attachment_ids.append(self.api(
            "POST", "/advisor/uploads", admin, data={"site": "acme", "file": self.png()},
            content_type="multipart/form-data")["id"])
        self.reply_ids = [0] + [self.saved_reply() for _ in range(2)]
        self.window_ids = [0] + [self.window() for _ in range(2)]
        self.synonym_ids = [0] + [self.synonym() for _ in range(2)]
        self.post_ids = [0] + self.posts()
        self.user_ids, self.visitor_ids, self.chat_ids = self.people_and_chat()
        self.email_ids = [0] + self.held_emails()
        db.session.remove()

    def held_emails(self):
        """Store two emails the intake held for acme's team (a stranger's); return their ids."""
        from helpwidget.models import InboundEmail, Site
        site_id = db.session.execute(db.select(Site.id).filter_by(key="acme")).scalar_one()
        rows = [InboundEmail(dedupe_key=f"fuzz-{n}", source="smtp", envelope_to=[],
                             raw=f"From: x{n}@example.net\r\nSubject: Hola\r\n\r\nHola".encode(),
                             sender=f"x{n}@example.net", subject="Hola", state="dropped",
                             reason="stranger", site_id=site_id) for n in range(2)]
        db.session.add_all(rows)
        db.session.commit()
        ids = [row.id for row in rows]
        for site in (self.site, self.other_site, self.settings_site):
            db.session.refresh(site)  # loaded again: the tests read them once detached
        return ids

    def posts(self):
        """Store comments, a question and its answer of Ana's; return their ids."""
        from helpwidget.models import Article, EndUser
        from helpwidget.services import posts
        ana = db.session.execute(db.select(EndUser).filter_by(
            site_id=self.site.id, external_id="ana")).scalar_one()
        article = db.session.get(Article, self.article_ids[0])
        found = [posts.create(self.site, kind="comment", body=f"Comentario {n}: 310 555 0199",
                              locale="es", user=ana, article=article).id for n in range(3)]
        question = posts.create(self.site, kind="question", title="¿Cómo cierro el mes?",
                                body="No encuentro la opción.", locale="es", user=ana)
        self.answer_id = posts.create(self.site, kind="answer", body="Desde Cierre.",
                                      locale="es", user=ana, parent=question).id
        return found + [question.id, self.answer_id]

    def people_and_chat(self):
        """Return ids of acme's end users and widget sessions, and of a closed chat of Ana's."""
        visitors = db.session.execute(db.select(Visitor).filter_by(site_id=self.site.id)
                                      ).scalars().all()
        ana = next(v for v in visitors if v.user is not None and v.user.external_id == "ana")
        chat = Chat(site_id=self.site.id, visitor_id=ana.id, user_id=ana.user_id,
                    status="closed", last_seq=1)
        db.session.add(chat)
        db.session.flush()
        db.session.add(ChatMessage(chat_id=chat.id, seq=1, client_id="c1",
                                   author_kind="visitor", body="Hola"))
        db.session.commit()
        db.session.refresh(self.site)  # other cases read it after the session is gone
        return ([v.user_id for v in visitors if v.user_id], [v.id for v in visitors], [chat.id])

    def session(self, site="acme", **body):
        """Open a widget session and return its visitor token."""
        return self.api("POST", "/session", json={"site": site, **body})["visitor_token"]

    def png(self):
        """Return a PNG file field for a multipart form."""
        return (io.BytesIO(png_bytes()), "captura.png")

    def upload(self, owner):
        """Upload a screenshot as `owner` and return its id."""
        return self.api("POST", "/uploads", self.tokens[owner], data={
            "site": "acme", "file": self.png()}, content_type="multipart/form-data")["id"]

    def saved_reply(self):
        """Add a saved reply and return its id."""
        self.replies += 1
        return self.api("POST", "/advisor/sites/acme/saved-replies", self.tokens["admin"], json={
            "locale": "es", "shortcut": f"saludo-{self.replies}", "title": "Saludo",
            "body": "Hola, gracias por escribir."})["id"]

    def synonym(self):
        """Add a Spanish synonym group to acme and return its id."""
        self.synonyms = getattr(self, "synonyms", 0) + 1
        return self.api("POST", "/advisor/sites/acme/synonyms", self.tokens["admin"], json={
            "locale": "es", "terms": [f"anular {self.synonyms}", "cancelar"]})["id"]

    def member(self):
        """Put a new advisor on acme's team (for team operations to change) and return its id."""
        self.members += 1
        with self.app.app_context():
            return make_advisor(f"member-{self.members}@support.example.com", "Team Member",
                                (sites.get_site("acme"), "advisor")).id

    def category(self):
        """Add a Spanish category to acme and return its id."""
        self.categories = getattr(self, "categories", 0) + 1
        return self.api("POST", "/advisor/sites/acme/categories", self.tokens["admin"], json={
            "locale": "es", "title": f"Categoría {self.categories}"})["id"]

    def window(self):
        """Plan a weekly maintenance window and return its id."""
        return self.api("POST", "/advisor/sites/acme/maintenance", self.tokens["admin"], json={
            "title": "Copias de seguridad", "weekday": "fri", "at": "19:30", "minutes": 240,
            "timezone": "America/Bogota"})["id"]

    def fresh_advisor_token(self):
        """Issue a new console token of the admin (for sign-out, which ends it)."""
        with self.app.app_context():
            return advisors.issue_token(db.session.get(Advisor, self.admin_id))

    def fresh_ticket(self, label):
        """Return (number, id) of an open request of Ana's made for this operation's test."""
        if label not in self.fresh:
            number = self.api("POST", "/tickets", self.tokens["ana"], json=ticket_form(
                self.site))["ticket"]["number"]
            inbox = self.api("GET", f"/advisor/tickets?q={number}", self.tokens["admin"])
            self.fresh[label] = number, inbox["tickets"][0]["id"]
        return self.fresh[label]

    def pool(self, name, label):
        """Return (values the right caller can act on, other values) for path parameter `name`."""
        if name == "reply_id" and label.startswith("DELETE"):
            return [self.saved_reply()], [0]
        if name == "window_id" and label.startswith("DELETE"):
            return [self.window()], [0]
        if name == "advisor_id":
            return [self.member()], [0, self.admin_id + 100_000]
        if name == "category_id":
            return [self.category()], [0]
        if name == "synonym_id" and label.startswith("DELETE"):
            return [self.synonym()], [0]
        if name == "site_key" and label.endswith(("/settings/{group}", "/identity-secret")):
            return ["initech"], ["globex", "nowhere"]
        # Earlier operations close and resolve the first requests: one stays open per test.
        number, ticket_id = self.fresh_ticket(label) if name in ("number", "ticket_id") \
            else (None, None)
        return {
            "slug": (self.slugs[1:3], self.slugs),  # the two Spanish articles everyone reads
            "number": (self.ana_numbers + [number] * 2, self.numbers),
            "ticket_id": (self.ticket_ids[1:] + [ticket_id] * 2, [0]),
            "attachment_id": (self.attachment_ids[1:], ["nope"]),
            "article_id": (self.article_ids, [0]),
            "reply_id": (self.reply_ids[1:], [0]),
            "window_id": (self.window_ids[1:], [0]),
            "synonym_id": (self.synonym_ids[1:], [0]),
            "site_key": (["acme"], ["globex", "nowhere"]),
            "post_id": (self.post_ids[1:], [0]),
            "search_id": (self.search_ids, [0]),
            "chat_id": (self.chat_ids, [0]),
            "user_id": (self.user_ids, [0]),
            "visitor_id": (self.visitor_ids, [0]),
            "email_id": (self.email_ids[1:], [0]),
            "group": (["general", "menu", "contact", "chat", "requests", "alerts",
                       "help_center"], ["nope"]),
            "table": (["series", "top_searches", "no_results", "no_clicks", "articles",
                       "feedback", "gaps"], ["nope"]),
        }[name]

    def valid(self, label):
        """Return (query, body) values of a valid request, to mix into generated ones."""
        ticket = ticket_form(self.site)
        bodies = {
            "POST /session": {"site": "acme", "identity": self.identity, "locale": "en"},
            "DELETE /session": {"site": "acme"},
            "POST /articles/{slug}/feedback": {"helpful": False, "comment": "Falta un paso."},
            "POST /tickets": ticket,
            "POST /search/{search_id}/click": {"site": "acme", "article_id": self.article_ids[0],
                                               "rank": 1},
            "POST /search/{search_id}/solved": {"site": "acme",
                                                "article_id": self.article_ids[1]},
            "POST /tickets/{number}/comments": {"site": "acme", "body": "Sigue fallando."},
            "POST /tickets/{number}/escalate": {"site": "acme", "body": "Es urgente."},
            "POST /tickets/{number}/close": {"site": "acme"},
            "POST /tickets/{number}/rating": {"site": "acme", "score": 4, "comment": "Bien."},
            "POST /uploads": {"site": "acme", "file": png_bytes()},
            "POST /advisor/uploads": {"site": "acme", "file": png_bytes()},
            "POST /advisor/session": {"email": "piotr@support.example.com",
                                      "password": "correct horse battery"},
            "PATCH /advisor/tickets/{ticket_id}": {"status": "pending",
                                                   "assignee_id": self.admin_id,
                                                   "priority": "high"},
            "POST /advisor/tickets/{ticket_id}/comments": {"body": "Lo miro.", "internal": True,
                                                           "status": "awaiting_reply"},
            "PUT /advisor/tickets/{ticket_id}/labels": {"labels": ["Facturación", "vip"]},
            "PUT /advisor/chats/{chat_id}/labels": {"labels": ["Devolución"]},
            "POST /advisor/sites/{site_key}/saved-replies": {
                "locale": "es", "shortcut": "gracias", "title": "Gracias", "body": "¡Gracias!"},
            "PUT /advisor/sites/{site_key}/saved-replies/{reply_id}": {
                "locale": "en", "shortcut": "thanks", "title": "Thanks", "body": "Thanks!"},
            "POST /advisor/sites/{site_key}/articles": {
                "title": "Nuevo artículo", "body": "Texto", "routes": ["/reports/*"],
                "category": "facturacion", "audience": ["accountant"]},
            "PUT /advisor/sites/{site_key}/articles/{article_id}": {
                "title": "Artículo revisado", "body": "Texto nuevo", "locale": "es"},
            "POST /advisor/markdown-preview": {"body": "**hola** <script>x</script>"},
            "PATCH /advisor/posts/{post_id}": {"body": "Texto corregido", "title": "Título nuevo"},
            "POST /advisor/posts/{post_id}/answer": {"body": "Respuesta del equipo."},
            "POST /advisor/posts/{post_id}/accept": {"answer_id": self.answer_id},
            "POST /advisor/posts/{post_id}/convert": {"to": "ticket"},
            "PUT /advisor/sites/{site_key}/status": {"status": "degraded",
                                                     "message": {"es": "Lento", "en": "Slow"}},
            "POST /advisor/sites/{site_key}/synonyms": {
                "locale": "es", "terms": ["factura", "recibo", "comprobante de pago"]},
            "PUT /advisor/sites/{site_key}/synonyms/{synonym_id}": {
                "terms": ["anular", "cancelar", "void"]},
            "POST /advisor/sites/{site_key}/maintenance": {
                "title": "Actualización", "starts_at": "2031-01-01T10:00:00Z",
                "ends_at": "2031-01-01T12:00:00Z"},
        }
        queries = {
            "GET /search": {"q": "factura", "locale": "es", "page": 1, "per_page": 5},
            "GET /context": {"route": "/invoices/4711/edit", "title": "Factura", "limit": 3},
            "GET /articles": {"locale": "es", "kind": "article"},
            "GET /tickets": {"state": "open", "page": 1, "per_page": 5},
            "GET /advisor/tickets": {"status": "open,pending", "sort": "-updated", "q": "fact"},
            "GET /advisor/sites/{site_key}/articles": {"locale": "es", "q": "factura"},
            "GET /advisor/sites/{site_key}/saved-replies": {"locale": "es"},
            "GET /advisor/sites/{site_key}/insights": {"from": "2026-11-01", "to": "2026-11-30",
                                                       "locale": "es"},
            "GET /advisor/sites/{site_key}/insights/{table}.csv": {"from": "2026-11-01",
                                                                   "to": "2026-11-30"},
            "GET /advisor/sites/{site_key}/synonyms": {"locale": "es"},
            "GET /advisor/posts": {"state": "pending", "kind": "comment", "site": "acme"},
            "GET /advisor/conversations": {"q": "hola", "status": "closed,open"},
            "GET /advisor/customers/account": {"account": "acc-1"},
            "GET /speedtest/download": {"bytes": 1024},
            "GET /status": {"locale": "en"},
        }
        # Every operation with a `site` parameter gets the real one; the rest ignore it.
        body = bodies.get(label, {})
        if label == "POST /tickets/{number}/comments":
            body["attachments"] = [self.upload("ana")]  # a file goes with one message only
        return {"site": "acme", **queries.get(label, {})}, body

    def auth(self, label, data, right_one):
        """Return the Authorization a case sends: the right role's, or another drawn one."""
        if label.startswith("DELETE /advisor/session"):
            right = self.fresh_advisor_token()
        elif label in ("DELETE /session", "POST /session"):
            # Identifying rotates the token it is sent with: never the ones other cases use.
            right = self.session()
        elif "/advisor/" in label:
            right = self.tokens["admin"]
        else:
            right = self.tokens["ana"]
        others = [None, "not-a-token", self.tokens["bob"], self.tokens["anonymous"],
                  self.tokens["globex"], self.tokens["advisor"], self.tokens["outsider"]]
        if label == "POST /session":
            others = [None, "not-a-token", self.session(), self.tokens["globex"]]
        token = right if right_one or data.draw(st.booleans(), label="right token") else \
            data.draw(st.sampled_from(others), label="other token")
        return {"Authorization": f"Bearer {token}"} if token else {}


@pytest.fixture(scope="module")
def world(database_url, tmp_path_factory):
    """Return the app on the test database with its real objects; empty the tables afterwards."""
    config = {**app_config(database_url, tmp_path_factory.mktemp("fuzz-index")), **LIMITS,
              "UPLOADS_DIR": str(tmp_path_factory.mktemp("fuzz-uploads")),
              "SPEEDTEST_MAX_BYTES": 64 * 1024}
    app = create_app(config)
    app.test_client_class = IsolatedClient
    with app.app_context():
        world = World(app)
        world.build()
    world.schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", world.wsgi)
    yield world
    with app.app_context():
        empty_tables()


def test_every_documented_operation_is_fuzzed(world):
    labels = {op.ok().label for op in world.schema.get_all_operations()}
    assert labels == set(OPERATIONS)


def test_the_checks_fail_what_they_look_for(world):
    document = world.client.get("/api/v1/openapi.json").get_json()
    del document["paths"]["/speedtest/download"]["get"]["responses"]["422"]
    operation = schemathesis.openapi.from_dict(document)["/speedtest/download"]["GET"]
    case = operation.Case(query={"site": "acme", "bytes": 0},
                          headers={"Authorization": f"Bearer {world.tokens['anonymous']}"})
    response = case.call(app=world.wsgi)
    assert response.status_code == 422
    with pytest.raises(FailureGroup):
        case.validate_response(response, checks=CHECKS)
    trace = SimpleNamespace(content=b'Traceback (most recent call last):\n  File "x.py", line 1')
    with pytest.raises(AssertionError):
        no_stack_trace(None, trace, case)


def _steer(world, operation, label, case, data):
    """Make the case a valid request, a generated one with valid parts, or leave it generated.

    Returns whether the case is meant to be valid (it then also gets the right token).
    """
    mode = data.draw(st.sampled_from(["generated", "mixed", "valid"]), label="input")
    # Steer copies: generated values may be shared between examples, and editing them in place
    # would change what later examples draw (Hypothesis then reports inconsistent generation).
    for part in ("path_parameters", "query", "body"):
        value = getattr(case, part)
        if isinstance(value, (dict, list)):  # not schemathesis's "no body" marker
            setattr(case, part, copy.deepcopy(value))
    for name in list(case.path_parameters or {}):
        good, other = world.pool(name, label)
        if mode == "valid" or data.draw(st.booleans(), label=f"real {name}"):
            choices = good if mode == "valid" else good + other
            case.path_parameters[name] = data.draw(st.sampled_from(choices), label=name)
    query, body = world.valid(label)
    query = {k: v for k, v in query.items() if k in {p.name for p in operation.query}}
    if mode == "valid":
        case.query = dict(query) if query else case.query
        case.body = dict(body) if body else case.body
        return True
    for container, valid in ((case.query, query), (case.body, body)):
        if not isinstance(container, dict):
            continue
        for key, value in valid.items():
            if mode == "mixed" and data.draw(st.booleans(), label=f"valid {key}"):
                container[key] = value
        if "site" in container and data.draw(st.booleans(), label="real site"):
            container["site"] = data.draw(st.sampled_from(["acme", "globex"]), label="site")
    return False


@pytest.mark.parametrize("label", OPERATIONS)
def test_operation_survives_fuzzing(world, label):
    method, path = label.split(" ", 1)
    operation = world.schema[path][method]
    strategy = st.one_of(operation.as_strategy(GenerationMode.POSITIVE),
                         operation.as_strategy(GenerationMode.NEGATIVE))
    cases = []

    @given(case=strategy, data=st.data())
    @settings(max_examples=FEWER_CASES.get(label, CASES), deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    def fuzz(case, data):
        valid = _steer(world, operation, label, case, data)
        headers = world.auth(label, data, valid)
        response = case.call(headers=headers)
        cases.append(response.status_code)
        case.validate_response(response, checks=CHECKS, headers=headers)

    fuzz()
    record("fuzz", label, cases=len(cases), failures=0,
           statuses=len(set(cases)), successes=sum(1 for s in cases if s < 300))
