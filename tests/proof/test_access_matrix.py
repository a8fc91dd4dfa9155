"""The access matrix: every ticket, chat, file, rating and session operation, tried by everyone
but the owner, over REST and Socket.IO; each is refused and gives away nothing of the owner's."""
import base64
import io
import json
import re
import time
import uuid
from datetime import timedelta

import pytest
import socketio

from helpwidget.extensions import db
from helpwidget.extensions import socketio as socketio_server
from helpwidget.models import (
    AdvisorToken,
    Attachment,
    Chat,
    ChatMessage,
    InboundEmail,
    OutboxMessage,
    Post,
    Ticket,
    TicketComment,
    Visitor,
)
from helpwidget.realtime.advisor import AdvisorNamespace
from helpwidget.realtime.visitor import VisitorNamespace
from helpwidget.services import advisors
from helpwidget.services.identity import hash_token
from helpwidget.services.timeutil import utcnow
from tests.support.articles import make_article
from tests.support.fixtures_advisors import (
    PASSWORD,
    advisor_login,
    bearer,
    console_csrf,
    make_advisor,
)
from tests.support.fixtures_tickets import auth, identified, post_ticket, ticket_form
from tests.support.helpcenter_readers import help_center_user, reader_client, sign_in
from tests.support.identities import sign_identity
from tests.support.proof import record

# Routes and events about these must all be in the matrix; a new one fails the coverage check.
OWNER_DATA = re.compile(
    r"ticket|comment|attachment|/uploads|chat|rating|visitor|session|inbound-mail")


def _b64(data):
    """Return base64url of a JSON object without padding, as in a JWT."""
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


class Identity:
    """Someone who tries: their bearer token, the site they name, and what they may be."""

    def __init__(self, who, token, site="acme", visitor="refused", advisor="refused",
                 colleague=False, jwt=None):
        self.who, self.token, self.site = who, token, site
        # visitor: "stranger" (a live session, not entitled) or "refused" (no valid session);
        # advisor: "outsider" (a live advisor of another site) or "refused".
        self.visitor, self.advisor, self.colleague, self.jwt = visitor, advisor, colleague, jwt


class World:
    """The owner (Ana, account acc-1 on acme) with requests, files, chats and ratings."""

    def __init__(self, app, client, site, other_site, connect):
        self.app, self.client, self.site, self.other_site = app, client, site, other_site
        tag = uuid.uuid4().hex[:10].upper()
        # Everything private of the owner's carries `private`; what the owner shares with the
        # account (the shared request, her name as its author) carries `shared`.
        self.private, self.shared = f"PRV{tag}", f"SHR{tag}"
        self.owner_name, self.owner_email = f"Owner {self.shared}", f"owner-{tag}@example.com"
        self.owner_client = self.http("10.77.0.1")
        self.owner = self.identify_owner()
        self._advisors(client)
        self._tickets()
        self._chats(connect)
        self._posts()
        self._mail()
        self._intruders()

    def http(self, address):
        """Return a test client calling from its own address (rate limits count per address)."""
        client = self.app.test_client()
        client.environ_base["REMOTE_ADDR"] = address
        return client

    def identify(self, client, sub, site=None, **claims):
        """Open a session for an identified user; return its visitor token."""
        site = site or self.site
        response = client.post("/api/v1/session", json={
            "site": site.key, "identity": sign_identity(site, sub=sub, **claims)})
        assert response.status_code == 201, response.get_json()
        return response.get_json()["visitor_token"]

    def identify_owner(self):
        """Open another session of the owner's (another device); return its token."""
        return self.identify(self.owner_client, "ana", name=self.owner_name,
                             email=self.owner_email, account_id="acc-1")

    def upload(self, token, name, client=None):
        """Upload a text file of the owner's; return its id."""
        response = (client or self.owner_client).post(
            "/api/v1/uploads", headers=auth(token), content_type="multipart/form-data",
            data={"site": "acme", "file": (io.BytesIO(f"contents of {name}".encode()), name)})
        assert response.status_code == 201, response.get_json()
        assert response.status_code == 201, response.get_json()
        return response.get_json()["id"]

    def open_ticket(self, subject, **extra):
        """Open a request of the owner's; return (number, id)."""
        response = self.owner_client.post("/api/v1/tickets", headers=auth(self.owner), json=(
            ticket_form(self.site, subject=subject, description=f"Details of {subject} here.",
                        cc=None, **extra)))
        assert response.status_code == 201, response.get_json()
        number = response.get_json()["ticket"]["number"]
        return number, db.session.execute(db.select(Ticket.id).filter_by(
            site_id=self.site.id, number=number)).scalar_one()

    def as_advisor(self, method, url, **kwargs):
        """Make a call as Marta, the acme advisor answering the owner."""
        response = self.client.open(url, method=method, headers=bearer(self.marta_token),
                                    **kwargs)
        assert response.status_code < 300, response.get_json()
        return response

    def _advisors(self, client):
        """Marta and Piotr answer acme; Olga answers globex; three of acme's sessions are dead."""
        self.marta = make_advisor("marta@support.example.com", "Marta", (self.site, "advisor"))
        self.piotr = make_advisor("piotr@support.example.com", "Piotr", (self.site, "advisor"))
        self.olga = make_advisor("olga@globex.example.com", "Olga", (self.other_site, "advisor"))
        self.marta_token = advisor_login(client, self.marta.email)
        self.olga_token = advisor_login(client, self.olga.email)
        # More sessions of Marta's, started by the service (scrypt makes each sign-in slow).
        self.signed_out = advisors.issue_token(self.marta)
        assert client.delete("/api/v1/advisor/session",
                             headers=bearer(self.signed_out)).status_code == 204
        self.expired_advisor = advisors.issue_token(self.marta)
        db.session.execute(db.update(AdvisorToken).where(
            AdvisorToken.token_hash == hash_token(self.expired_advisor)).values(
            expires_at=utcnow() - timedelta(minutes=1)))
        db.session.commit()
        jan = make_advisor("jan@support.example.com", "Jan", (self.site, "advisor"))
        self.disabled_advisor = advisors.issue_token(jan)
        advisors.deactivate(jan)

    def _tickets(self):
        """A private request with a comment, replies and files; a resolved, a rated, a shared."""
        p, s = self.private, self.shared
        self.files = {"request": self.upload(self.owner, f"request-{p}.txt")}
        self.t1, self.t1_id = self.open_ticket(f"Private request {p}",
                                               attachments=[self.files["request"]])
        self.files["comment"] = self.upload(self.owner, f"comment-{p}.txt")
        reply = self.owner_client.post(f"/api/v1/tickets/{self.t1}/comments",
                                       headers=auth(self.owner),
                                       json={"site": "acme", "body": f"Private comment {p}",
                                             "attachments": [self.files["comment"]]})
        assert reply.status_code == 201, reply.get_json()
        self.as_advisor("POST", f"/api/v1/advisor/tickets/{self.t1_id}/comments",
                        json={"body": f"Private answer {p}"})
        self.t2, self.t2_id = self.open_ticket(f"Resolved request {p}")
        self.as_advisor("PATCH", f"/api/v1/advisor/tickets/{self.t2_id}",
                        json={"status": "resolved"})
        self.t4, self.t4_id = self.open_ticket(f"Rated request {p}")
        self.as_advisor("PATCH", f"/api/v1/advisor/tickets/{self.t4_id}",
                        json={"status": "resolved"})
        rated = self.owner_client.post(f"/api/v1/tickets/{self.t4}/rating",
                                       headers=auth(self.owner),
                                       json={"site": "acme", "score": 2,
                                             "comment": f"Rating comment {p}"})
        assert rated.status_code == 201, rated.get_json()
        self.files["shared"] = self.upload(self.owner, f"shared-{s}.txt")
        self.t3, self.t3_id = self.open_ticket(f"Shared request {s}", shared=True,
                                               attachments=[self.files["shared"]])
        self.files["unclaimed"] = self.upload(self.owner, f"unclaimed-{p}.txt")

    def _chats(self, connect):
        """A rated chat, a closed one, and an open one with a file that Marta answers."""
        p = self.private
        self.console = connect("/advisor", {"token": self.marta_token})
        self.console.ok("presence:set", {"status": "online"})
        self.widget = connect("/visitor", {"site": "acme", "token": self.owner})
        chats = {}
        for name in ("rated", "closed", "open"):
            chats[name] = self.widget.ok("chat:start", {
                "client_id": f"{name}-1", "body": f"Chat {name} {p}"})["chat"]["id"]
            if name != "open":
                self.widget.ok("chat:close", {"chat_id": chats[name]})
        self.widget.ok("chat:rate", {"chat_id": chats["rated"], "rating": 4,
                                     "comment": f"Chat rating {p}"})
        self.files["chat"] = self.upload(self.owner, f"chat-{p}.txt")
        self.widget.send(chats["open"], f"Chat file {p}", attachments=[self.files["chat"]])
        self.console.ok("chat:claim", {"chat_id": chats["open"]})
        self.console.send(chats["open"], f"Chat answer {p}")
        self.chats = chats

    def _posts(self):
        """A comment of the owner's under an article, waiting for review (her phone is in it)."""
        from helpwidget.services import posts
        owner = db.session.execute(db.select(Visitor).filter_by(
            token_hash=hash_token(self.owner))).scalar_one().user
        self.guide = make_article(self.site, "Public guide", "Steps.", slug="public-guide")
        self.held_post = posts.create(
            self.site, kind="comment", body=f"Held comment {self.private} call 310 555 0199",
            locale=self.guide.locale, user=owner, article=self.guide).id

    def _mail(self):
        """Her email answering the private request, held; and one that matched no site."""
        self.mail = {}
        for name, site_id, reason, ticket_id in (("held", self.site.id, "auto_reply", self.t1_id),
                                                 ("unmatched", None, "no_site", None)):
            row = InboundEmail(
                dedupe_key=f"{name}-{self.private}", source="smtp", site_id=site_id,
                envelope_to=["help@acme.example.com"], sender=self.owner_email,
                subject=f"Re: Private request {self.private}", state="dropped", reason=reason,
                ticket_id=ticket_id, raw=f"From: {self.owner_email}\r\nSubject: Mail "
                f"{self.private}\r\n\r\nMail body {self.private}\r\n".encode())
            db.session.add(row)
            db.session.flush()
            self.mail[name] = row.id
        db.session.commit()

    def _intruders(self):
        """Open the sessions of everyone who will try, and forge what cannot be opened."""
        self.anonymous = self.http("10.77.1.1").post(
            "/api/v1/session", json={"site": "acme"}).get_json()["visitor_token"]
        self.bob = self.identify(self.http("10.77.1.2"), "bob", name="Bob", account_id="acc-2",
                                 email="bob@example.com")
        self.carla = self.identify(self.http("10.77.1.3"), "carla", name="Carla",
                                   account_id="acc-1", email="carla@example.com")
        # The same user id and account on another site: a different person there.
        self.elsewhere = self.identify(self.http("10.77.1.4"), "ana", site=self.other_site,
                                       account_id="acc-1")
        self.logged_out = self.identify_owner()
        assert self.owner_client.delete("/api/v1/session", json={"site": "acme"},
                                        headers=auth(self.logged_out)).status_code == 204
        self.stale = self.identify_owner()
        db.session.execute(db.update(Visitor).where(
            Visitor.token_hash == hash_token(self.stale)).values(
            last_seen_at=utcnow() - timedelta(seconds=self.app.config["VISITOR_TOKEN_TTL"] + 60)))
        db.session.commit()
        claims = {"sub": "ana", "name": self.owner_name, "account_id": "acc-1",
                  "exp": int(time.time()) + 600}
        self.expired_jwt = sign_identity(self.site, sub="ana", ttl=-120)
        self.wrong_secret_jwt = sign_identity(self.site, sub="ana",
                                              secret="not-the-site-secret-" + "x" * 24)
        self.none_jwt = f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(claims)}."
        header, _payload, signature = sign_identity(self.site, sub="bob",
                                                    account_id="acc-2").split(".")
        self.tampered_jwt = f"{header}.{_b64(claims)}.{signature}"

    def identities(self):
        """Return everyone who must not reach the owner's things, and how each is refused."""
        return [
            Identity("anonymous visitor of the same site", self.anonymous, visitor="stranger"),
            Identity("user of another account on the same site", self.bob, visitor="stranger"),
            Identity("same account, request not shared", self.carla, visitor="stranger",
                     colleague=True),
            Identity("visitor of another site, naming this site", self.elsewhere),
            Identity("visitor of another site, on its own site", self.elsewhere, site="globex",
                     visitor="stranger"),
            Identity("advisor of another site", self.olga_token, advisor="outsider"),
            Identity("expired identity token", self.expired_jwt, jwt=self.expired_jwt),
            Identity("identity signed with the wrong secret", self.wrong_secret_jwt,
                     jwt=self.wrong_secret_jwt),
            Identity("identity with alg none", self.none_jwt, jwt=self.none_jwt),
            Identity("identity with a tampered payload", self.tampered_jwt,
                     jwt=self.tampered_jwt),
            Identity("the owner's session after logout", self.logged_out),
            Identity("the owner's session, expired", self.stale),
            Identity("unknown bearer token", "x" * 43),
            Identity("no identity at all", None),
            Identity("advisor token after sign-out", self.signed_out),
            Identity("expired advisor token", self.expired_advisor),
            Identity("disabled advisor's token", self.disabled_advisor),
        ]

    def secrets(self, colleague=False):
        """Return what no refused attempt may show: the private tag, the shared one unless the
        caller is of the owner's account, and the owner's and advisors' credentials."""
        found = [self.private, self.owner, self.marta_token, self.site.identity_secret]
        return found if colleague else found + [self.shared, self.owner_email]

    def snapshot(self):
        """Return the state the attempts must leave unchanged."""
        db.session.expire_all()
        tickets = {t.number: (t.status, t.rating, t.escalated_at, t.shared) for t in
                   db.session.execute(db.select(Ticket)).scalars()}
        chats = {c.id: (c.status, c.rating, c.advisor_id, c.last_seq) for c in
                 db.session.execute(db.select(Chat).where(Chat.id.in_(self.chats.values())))
                 .scalars()}
        files = {a.id: (a.ticket_id, a.comment_id, a.chat_message_id) for a in
                 db.session.execute(db.select(Attachment)).scalars()}
        counts = [db.session.execute(db.select(db.func.count()).select_from(model)).scalar()
                  for model in (TicketComment, ChatMessage, OutboxMessage, Post)]
        held = {p.id: (p.state, p.body, p.flag_count, p.answered_at) for p in
                db.session.execute(db.select(Post)).scalars()}
        mail = {m.id: (m.state, m.reason, m.ticket_id, m.processed_at) for m in
                db.session.execute(db.select(InboundEmail)).scalars()}
        return tickets, chats, files, counts, held, mail


@pytest.fixture
def world(app, client, site, other_site, connect, monkeypatch):
    """Return the owner's world on a live server, with Marta's console and Ana's widget open."""
    # A long-polling client that closes waits for its last poll, which the server may hold
    # until its next ping: ping every second so the many refused connections close quickly.
    monkeypatch.setattr(socketio_server.server.eio, "ping_interval", 1)
    # The owner does a lot in a minute; intruders each call from their own address anyway.
    for setting in ("RATELIMIT_CHAT_MESSAGES", "RATELIMIT_TICKETS", "RATELIMIT_COMMENTS",
                    "RATELIMIT_UPLOADS"):
        app.config[setting] = "1000 per minute"
    app.config.update(SOCKET_EVENTS_PER_SECOND=1000, SOCKET_EVENT_BURST=1000,
                      RATELIMIT_CHAT_START="1000 per minute", RATELIMIT_TRANSCRIPTS="1000 per hour",
                      RATELIMIT_TRANSCRIPTS_IP="1000 per hour")
    world = World(app, client, site, other_site, connect)
    yield world
    world.widget.close()
    world.console.close()


class Tally:
    """Counts attempts and leaks; keeps every refusal that was not one."""

    def __init__(self):
        self.attempts, self.leaks, self.problems, self.covered = 0, 0, [], set()

    def leak_check(self, who, what, text, secrets):
        """Count a leak when `text` holds any of `secrets`."""
        leaked = [s for s in secrets if s and s in text]
        if leaked:
            self.leaks += 1
            self.problems.append((who, what, "leaked", leaked, text[:300]))

    def refused(self, who, what, ok, text, secrets):
        """Count one attempt: `ok` says it was refused as documented; `text` must leak nothing."""
        self.attempts += 1
        if not ok:
            self.problems.append((who, what, "not refused", text[:300]))
        self.leak_check(who, what, text, secrets)


def _status(expected):
    """Return a check of a response's status."""
    return lambda response: response.status_code == expected


def _listed_nothing(response):
    """A list the caller may make, without a single request of the owner's in it."""
    return response.status_code == 200


def _nothing_of(private):
    """A list the caller may make, in which nothing of the owner's shows."""
    return lambda response: response.status_code == 200 and \
        private not in response.get_data(as_text=True) and response.get_json()["total"] == 0


def _fresh_anonymous_session(old):
    """POST /session with a dead token: a new anonymous session, never the owner's."""
    def check(response):
        body = response.get_json() or {}
        return response.status_code == 201 and body.get("user") is None and \
            body.get("visitor_token") not in (None, old)
    return check


def _visitor_attempts(w, ident):
    """Yield (route, method, url, kwargs, check) of the widget API for one identity."""
    s, stranger = ident.site, ident.visitor == "stranger"
    item = _status(404 if stranger else 401)
    listed = _listed_nothing if stranger else _status(401)
    for state in ("open", "closed"):
        yield "/tickets", "GET", f"/api/v1/tickets?site={s}&state={state}", {}, listed
    numbers = [w.t1, w.t2, w.t4] + ([] if ident.colleague else [w.t3])
    for number in numbers:
        yield "/tickets/{number}", "GET", f"/api/v1/tickets/{number}?site={s}", {}, item
    for action, body in (("comments", {"body": "Let me in"}), ("escalate", {"body": "Now"}),
                         ("close", {})):
        for number in numbers:
            yield (f"/tickets/{{number}}/{action}", "POST",
                   f"/api/v1/tickets/{number}/{action}", {"json": {"site": s, **body}}, item)
    for number in (w.t2, w.t4):
        yield ("/tickets/{number}/rating", "POST", f"/api/v1/tickets/{number}/rating",
               {"json": {"site": s, "score": 1, "comment": "intruder"}}, item)
    for kind, file_id in w.files.items():
        if not (ident.colleague and kind == "shared"):
            yield ("/attachments/{attachment_id}", "GET",
                   f"/api/v1/attachments/{file_id}?site={s}", {}, item)
    # The owner's unattached upload cannot be attached to someone else's request.
    yield "/tickets", "POST", "/api/v1/tickets", {"json": {**ticket_form(
        w.site, name="Intruder", email="intruder@example.com",
        attachments=[w.files["unclaimed"]]), "site": s}}, _status(422 if stranger else 401)
    yield ("/ticket-categories", "GET", f"/api/v1/ticket-categories?site={s}", {},
           _status(200 if stranger or ident.token is None else 401))
    yield "/chat/availability", "GET", f"/api/v1/chat/availability?site={s}", {}, _status(200)
    if not stranger:
        yield "/uploads", "POST", "/api/v1/uploads", {
            "content_type": "multipart/form-data",
            "data": {"site": s, "file": (io.BytesIO(b"intruder"), "intruder.txt")}}, _status(401)
        yield "/session", "DELETE", "/api/v1/session", {"json": {"site": s}}, _status(401)
    # The host's revoke API: no visitor token or identity token (of any site) revokes anyone.
    yield ("/host/sessions/revoke", "POST", "/api/v1/host/sessions/revoke",
           {"json": {"site": "acme", "token": ident.jwt or ident.token or "not-a-token"}},
           _status(401))
    if ident.jwt:
        # Identifying with it, with no session yet or from an anonymous one.
        for headers in ({}, auth(w.anonymous)):
            yield ("/session", "POST", "/api/v1/session",
                   {"json": {"site": s, "identity": ident.jwt}, "headers": headers}, _status(401))
    elif ident.token and not stranger and ident.advisor != "outsider":
        yield ("/session", "POST", "/api/v1/session", {"json": {"site": s}},
               _fresh_anonymous_session(ident.token))


def _advisor_attempts(w, ident):
    """Yield (route, method, url, kwargs, check) of the advisor API for one identity."""
    outsider = ident.advisor == "outsider"
    item = _status(404 if outsider else 401)
    listed = _listed_nothing if outsider else _status(401)
    yield "/advisor/tickets", "GET", "/api/v1/advisor/tickets", {}, listed
    yield ("/advisor/tickets", "GET", "/api/v1/advisor/tickets?status=resolved&status=closed",
           {}, listed)
    yield ("/advisor/tickets", "GET", f"/api/v1/advisor/tickets?q={w.private}", {}, listed)
    yield "/advisor/tickets", "GET", "/api/v1/advisor/tickets?site=acme", {}, item
    for ticket_id in (w.t1_id, w.t2_id, w.t3_id, w.t4_id):
        yield ("/advisor/tickets/{ticket_id}", "GET", f"/api/v1/advisor/tickets/{ticket_id}",
               {}, item)
    yield ("/advisor/tickets/{ticket_id}/comments", "POST",
           f"/api/v1/advisor/tickets/{w.t1_id}/comments", {"json": {"body": "Intruding"}}, item)
    yield ("/advisor/tickets/{ticket_id}", "PATCH", f"/api/v1/advisor/tickets/{w.t1_id}",
           {"json": {"status": "closed", "assignee_id": w.olga.id}}, item)
    # Labels, merge and bulk changes reach no ticket or chat of a site the caller is not on.
    for path, body in (("labels", {"labels": ["intruder"]}), ("merge", {"into": w.t2_id})):
        method = "PUT" if path == "labels" else "POST"
        yield (f"/advisor/tickets/{{ticket_id}}/{path}", method,
               f"/api/v1/advisor/tickets/{w.t1_id}/{path}", {"json": body}, item)
    yield ("/advisor/tickets/{ticket_id}/merge-candidates", "GET",
           f"/api/v1/advisor/tickets/{w.t1_id}/merge-candidates", {}, item)
    yield ("/advisor/tickets/bulk", "POST", "/api/v1/advisor/tickets/bulk",
           {"json": {"ids": [w.t1_id, w.t2_id], "status": "closed"}}, item)
    for chat_id in w.chats.values():
        yield ("/advisor/chats/{chat_id}/transcript", "GET",
               f"/api/v1/advisor/chats/{chat_id}/transcript", {}, item)
        yield ("/advisor/chats/{chat_id}/labels", "PUT", f"/api/v1/advisor/chats/{chat_id}/labels",
               {"json": {"labels": ["intruder"]}}, item)
    # The owner's customer view, by her user id or her widget session, and her history.
    owner = db.session.execute(db.select(Visitor).filter_by(
        token_hash=hash_token(w.owner))).scalar_one()
    yield ("/advisor/customers/user/{user_id}", "GET",
           f"/api/v1/advisor/customers/user/{owner.user_id}", {}, item)
    yield ("/advisor/customers/visitor/{visitor_id}", "GET",
           f"/api/v1/advisor/customers/visitor/{owner.id}", {}, item)
    yield ("/advisor/customers/account", "GET",
           "/api/v1/advisor/customers/account?site=acme&account=acc-1", {}, item)
    for query in ("", f"?q={w.private}", "?requester=ana", "?account=acc-1"):
        yield ("/advisor/conversations", "GET", f"/api/v1/advisor/conversations{query}", {},
               _nothing_of(w.private) if outsider else _status(401))
    yield ("/advisor/conversations", "GET", "/api/v1/advisor/conversations?site=acme", {}, item)
    for file_id in w.files.values():
        yield ("/advisor/attachments/{attachment_id}", "GET",
               f"/api/v1/advisor/attachments/{file_id}", {}, item)
    yield "/advisor/uploads", "POST", "/api/v1/advisor/uploads", {
        "content_type": "multipart/form-data",
        "data": {"site": "acme", "file": (io.BytesIO(b"intruder"), "intruder.txt")}}, item
    yield "/advisor/sites/{site_key}/team", "GET", "/api/v1/advisor/sites/acme/team", {}, item
    yield "/advisor/posts", "GET", "/api/v1/advisor/posts", {}, listed
    yield "/advisor/posts", "GET", "/api/v1/advisor/posts?state=pending", {}, listed
    yield "/advisor/posts", "GET", "/api/v1/advisor/posts?site=acme", {}, item
    for method, action, body in (("GET", "", None), ("POST", "/approve", None),
                                 ("POST", "/hide", None), ("PATCH", "", {"body": "Intruding"}),
                                 ("DELETE", "", None), ("POST", "/answer", {"body": "Intruding"}),
                                 ("POST", "/accept", {"answer_id": w.held_post}),
                                 ("POST", "/convert", {"to": "ticket"})):
        yield (f"/advisor/posts/{{post_id}}{action}", method,
               f"/api/v1/advisor/posts/{w.held_post}{action}", {"json": body} if body else {},
               item)
    # Her email held for the team: listed, downloaded and tried again by its site's team only;
    # mail that matched no site by the server's owner only.
    for state in ("held", "all"):
        yield ("/advisor/inbound-mail", "GET", f"/api/v1/advisor/inbound-mail?site=acme&state="
               f"{state}", {}, item)
    yield ("/advisor/inbound-mail", "GET", "/api/v1/advisor/inbound-mail?state=all", {},
           _status(403 if outsider else 401))
    for mail_id in w.mail.values():
        yield ("/advisor/inbound-mail/{email_id}/raw", "GET",
               f"/api/v1/advisor/inbound-mail/{mail_id}/raw", {}, item)
        yield ("/advisor/inbound-mail/{email_id}/retry", "POST",
               f"/api/v1/advisor/inbound-mail/{mail_id}/retry", {}, item)
    yield "/advisor/me", "GET", "/api/v1/advisor/me", {}, _status(200 if outsider else 401)
    if not outsider:
        yield "/advisor/session", "DELETE", "/api/v1/advisor/session", {}, _status(401)


def _assert_covered(app, client, covered):
    """Fail when an API route about the owner's things is missing from `covered`."""
    documented = _documented_routes(client)
    assert documented == _routed(app)
    uncovered = {r for r in documented if OWNER_DATA.search(r[1])} - covered
    assert uncovered == set(), f"routes missing from the access matrix: {sorted(uncovered)}"


def _documented_routes(client):
    """Return {(METHOD, path)} of the OpenAPI document, paths as it writes them."""
    spec = client.get("/api/v1/openapi.json").get_json()
    return {(method.upper(), path) for path, ops in spec["paths"].items() for method in ops}


def _routed(app):
    """Return {(METHOD, path)} of the app's API routes, in the OpenAPI document's spelling."""
    found = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/") and rule.endpoint != "api.public.openapi":
            path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule[len("/api/v1"):])
            found |= {(m, path) for m in rule.methods - {"HEAD", "OPTIONS"}}
    return found


def test_every_rest_operation_on_the_owners_things_is_refused_to_everyone_else(app, world):
    w, tally = world, Tally()
    before = w.snapshot()
    for number, ident in enumerate(w.identities()):
        caller = w.http(f"10.77.2.{number + 1}")
        headers = auth(ident.token) if ident.token else {}
        secrets = w.secrets(ident.colleague)
        attempts = list(_visitor_attempts(w, ident)) + list(_advisor_attempts(w, ident))
        for route, method, url, kwargs, check in attempts:
            response = caller.open(url, method=method, **{"headers": headers, **kwargs})
            text = response.get_data(as_text=True) + json.dumps(dict(response.headers))
            tally.covered.add((method, route))
            tally.refused(ident.who, f"{method} {url}", check(response), text, secrets)
    # Signing in as someone else's advisor account.
    for email, password in ((w.marta.email, "not her password"), ("nobody@example.com",
                                                                 PASSWORD)):
        response = w.http("10.77.3.1").post("/api/v1/advisor/session",
                                            json={"email": email, "password": password})
        tally.covered.add(("POST", "/advisor/session"))
        tally.refused("wrong credentials", "POST /advisor/session", response.status_code == 401,
                      response.get_data(as_text=True), w.secrets())
    after = w.snapshot()
    record("access", "rest", attempts=tally.attempts, leaks=tally.leaks,
           refusals_missed=len(tally.problems) - tally.leaks)
    assert tally.problems == []
    assert after == before, "a refused attempt changed the owner's requests, chats or files"

    # Every API route about requests, comments, files, chats, ratings, visitors or sessions is
    # in the matrix: a new one fails here until it is added above.
    _assert_covered(app, w.client, tally.covered)

    _rest_positive_controls(w)


def _rest_positive_controls(w):
    """The owner, her colleague (shared request) and Marta do what everyone else was refused."""
    owner, p = w.owner_client, w.private
    listed = owner.get("/api/v1/tickets?site=acme", headers=auth(w.owner)).get_json()
    assert {w.t1, w.t3} <= {t["number"] for t in listed["tickets"]} and p in json.dumps(listed)
    detail = owner.get(f"/api/v1/tickets/{w.t1}?site=acme", headers=auth(w.owner))
    thread = detail.get_data(as_text=True)
    assert detail.status_code == 200
    assert all(f"{what} {p}" in thread for what in ("Private request", "Private comment",
                                                     "Private answer"))
    assert f"request-{p}.txt" in thread and f"comment-{p}.txt" in thread
    for file_id in w.files.values():
        download = owner.get(f"/api/v1/attachments/{file_id}?site=acme", headers=auth(w.owner))
        assert download.status_code == 200 and download.data.startswith(b"contents of ")
    assert owner.get(f"/api/v1/tickets/{w.t4}?site=acme",
                     headers=auth(w.owner)).get_json()["ticket"]["rating_comment"] == \
        f"Rating comment {p}"
    for action, body, status in (("comments", {"body": "More details"}, 201),
                                 ("escalate", {"body": "Still failing"}, 201),
                                 ("close", {}, 200)):
        response = owner.post(f"/api/v1/tickets/{w.t1}/{action}", headers=auth(w.owner),
                              json={"site": "acme", **body})
        assert response.status_code == status, (action, response.get_json())
    assert owner.post(f"/api/v1/tickets/{w.t2}/rating", headers=auth(w.owner),
                      json={"site": "acme", "score": 5}).status_code == 201
    opened = owner.post("/api/v1/tickets", headers=auth(w.owner), json=ticket_form(
        w.site, attachments=[w.files["unclaimed"]]))
    assert opened.status_code == 201, opened.get_json()
    # The owner's colleague reads and answers the request shared with the account.
    carla = w.http("10.77.4.1")
    shared = carla.get(f"/api/v1/tickets/{w.t3}?site=acme", headers=auth(w.carla))
    assert shared.status_code == 200 and w.shared in shared.get_data(as_text=True)
    assert carla.get(f"/api/v1/attachments/{w.files['shared']}?site=acme",
                     headers=auth(w.carla)).status_code == 200
    assert carla.post(f"/api/v1/tickets/{w.t3}/comments", headers=auth(w.carla),
                      json={"site": "acme", "body": "I see it too"}).status_code == 201
    # Marta, of the owner's site, reaches all of it.
    inbox = w.as_advisor("GET", f"/api/v1/advisor/tickets?q={p}").get_json()
    assert {t["number"] for t in inbox["tickets"]} >= {w.t2}
    assert p in w.as_advisor("GET", f"/api/v1/advisor/tickets/{w.t1_id}").get_data(as_text=True)
    for file_id in w.files.values():
        w.as_advisor("GET", f"/api/v1/advisor/attachments/{file_id}")
    w.as_advisor("PATCH", f"/api/v1/advisor/tickets/{w.t3_id}", json={"status": "pending"})
    w.as_advisor("GET", "/api/v1/advisor/sites/acme/team")
    assert p in w.as_advisor("GET", f"/api/v1/advisor/posts/{w.held_post}").get_data(as_text=True)
    mail = w.as_advisor("GET", "/api/v1/advisor/inbound-mail?site=acme").get_json()["emails"]
    assert [m["id"] for m in mail] == [w.mail["held"]] and p in mail[0]["preview"]
    assert p.encode() in w.as_advisor(
        "GET", f"/api/v1/advisor/inbound-mail/{w.mail['held']}/raw").data
    # Not even the site's own team reads mail that matched no site.
    assert w.client.get(f"/api/v1/advisor/inbound-mail/{w.mail['unmatched']}/raw",
                        headers=bearer(w.marta_token)).status_code == 404
    # The anonymous session that forged identities were sent from is still nobody's.
    still = w.http("10.77.4.2").post("/api/v1/session", json={"site": "acme"},
                                     headers=auth(w.anonymous)).get_json()
    assert still["visitor_token"] == w.anonymous and still["user"] is None
    # A session that ends is ended for its holder too.
    assert owner.delete("/api/v1/session", json={"site": "acme"},
                        headers=auth(w.owner)).status_code == 204
    assert owner.get("/api/v1/tickets?site=acme", headers=auth(w.owner)).status_code == 401


# --- Socket.IO -------------------------------------------------------------------------------


def _events(namespace_class):
    """Return the events a namespace handles, as clients name them ("chat:send")."""
    return {name[3:].replace("_", ":", 1) for name in dir(namespace_class)
            if name.startswith("on_") and name not in ("on_connect", "on_disconnect")}


def _listen_to_everything(chat_client):
    """Keep every event the client hears, also those ChatClient's waits take off its queue."""
    chat_client.heard = []
    put = chat_client.events.put

    def keep(item, *args, **kwargs):
        chat_client.heard.append(item)
        put(item, *args, **kwargs)
    chat_client.events.put = keep
    chat_client.client.on("*", lambda event, *args: keep((event, args)),
                          namespace=chat_client.namespace)
    return chat_client


def _heard(chat_client):
    """Return everything a client has heard so far, as JSON text."""
    return json.dumps(chat_client.heard, default=str)


def _try_connect(base_url, namespace, auth_data, headers=None):
    """Try to connect; return (refused, what the server said). Always leaves disconnected."""
    client = socketio.Client(reconnection=False)
    said = []
    client.on("connect_error", lambda data=None: said.append(data), namespace=namespace)
    try:
        client.connect(base_url, namespaces=[namespace], auth=auth_data, headers=headers or {},
                       transports=["polling"], wait_timeout=10)
        refused = False
    except socketio.exceptions.ConnectionError as error:
        refused, said = True, said + [str(error)]
    finally:
        client.disconnect()
    return refused, json.dumps(said, default=str)


def _disconnected(chat_client, timeout=10.0):
    """Wait until the server has closed the client's connection; tell whether it did."""
    deadline = time.monotonic() + timeout
    while chat_client.client.namespaces and time.monotonic() < deadline:
        time.sleep(0.05)
    return not chat_client.client.namespaces


def _visitor_events(w, codes):
    """Yield (event, payload, check) a widget tries against the owner's chats."""
    refused = lambda ack: not ack.get("ok") and ack["error"]["code"] in codes  # noqa: E731
    for chat_id in w.chats.values():
        yield "chat:sync", {"chat_id": chat_id, "after_seq": 0}, refused
        yield "chat:send", {"chat_id": chat_id, "client_id": uuid.uuid4().hex,
                            "body": "intruding"}, refused
        yield "chat:send", {"chat_id": chat_id, "client_id": uuid.uuid4().hex, "body": "",
                            "attachments": [w.files["unclaimed"]]}, refused
        yield "chat:typing", {"chat_id": chat_id, "typing": True}, refused
        yield "chat:read", {"chat_id": chat_id, "seq": 1}, refused
        yield "chat:close", {"chat_id": chat_id}, refused
        yield "chat:rate", {"chat_id": chat_id, "rating": 1, "comment": "intruder"}, refused
        yield "chat:transcript", {"chat_id": chat_id, "email": "intruder@example.com"}, refused


def _advisor_events(w):
    """Yield (event, payload, check) a console of another site tries against the owner's chats."""
    refused = lambda ack: not ack.get("ok") and ack["error"]["code"] == "not_found"  # noqa: E731
    for chat_id in w.chats.values():
        for event, extra in (("chat:claim", {}), ("chat:transfer", {"advisor_id": w.olga.id}),
                             ("chat:team", {}), ("chat:context", {}),
                             ("chat:sync", {"after_seq": 0}),
                             ("chat:send", {"client_id": uuid.uuid4().hex, "body": "hi"}),
                             ("chat:typing", {"typing": True}), ("chat:read", {"seq": 1}),
                             ("chat:close", {})):
            yield event, {"chat_id": chat_id, **extra}, refused
    # Showing or writing to the owner's ticket or chat: a console of another site hears of
    # neither and is never let into its room.
    not_sent = lambda ack: refused(ack) or (ack.get("ok") and ack["sent"] is False)  # noqa: E731
    for kind, ids in (("chat", w.chats.values()), ("ticket", (w.t1_id, w.t3_id))):
        for conversation_id in ids:
            ref = {"kind": kind, "id": conversation_id}
            yield "conversation:view", ref, refused
            yield "conversation:replying", {**ref, "typing": True}, not_sent
            yield "conversation:leave", ref, lambda ack: ack == {"ok": True}
    own_chats = set(w.chats.values())
    yield "chat:queue", {}, lambda ack: ack.get("ok") and not (
        {c["id"] for c in ack["queued"] + ack["mine"]} & own_chats)
    yield "presence:set", {"status": "online"}, lambda ack: ack.get("ok") is True


def test_every_socket_event_on_the_owners_chats_is_refused_to_everyone_else(
        app, world, connect, live_server):
    w, tally = world, Tally()
    owner_chats = set(w.chats.values())
    # The owner's second device reads the chat; logging out closes its connection at once.
    second_token = w.identify_owner()
    second = _listen_to_everything(connect("/visitor", {"site": "acme", "token": second_token}))
    assert w.private in json.dumps(second.ok("chat:sync", {"chat_id": w.chats["open"]}))
    assert w.owner_client.delete("/api/v1/session", json={"site": "acme"},
                                 headers=auth(second_token)).status_code == 204
    tally.refused("the owner's device after logout", "stays connected",
                  _disconnected(second), "", [])
    # A third one whose session ends in another server process (so no one here closes it):
    # every event it sends is refused all the same.
    third_token = w.identify_owner()
    third = connect("/visitor", {"site": "acme", "token": third_token})
    assert w.private in json.dumps(third.ok("chat:sync", {"chat_id": w.chats["open"]}))
    db.session.execute(db.update(Visitor).where(Visitor.token_hash == hash_token(third_token))
                       .values(revoked_at=utcnow()))
    db.session.commit()
    listeners = {
        "anonymous visitor of the same site": ("acme", w.anonymous, {"not_found"}),
        "user of another account on the same site": ("acme", w.bob, {"not_found"}),
        "same account (chats are never shared)": ("acme", w.carla, {"not_found"}),
        "visitor of another site, on its own site": ("globex", w.elsewhere, {"not_found"}),
    }
    widgets = {who: _listen_to_everything(connect("/visitor", {"site": key, "token": token}))
               for who, (key, token, _codes) in listeners.items()}
    widgets["the owner's device, logged out elsewhere"] = third
    olga = _listen_to_everything(connect("/advisor", {"token": w.olga_token}))
    before = w.snapshot()
    covered = {"/visitor": set(), "/advisor": set()}

    def attempt(who, chat_client, event, payload, check, secrets):
        ack = chat_client.call(event, payload)
        covered[chat_client.namespace].add(event)
        tally.refused(who, f"{event} {payload}", bool(check(ack)), json.dumps(ack), secrets)

    for who, widget in widgets.items():
        codes = listeners[who][2] if who in listeners else {"not_found", "unauthorized"}
        secrets = w.secrets(colleague=False)
        for event, payload, check in _visitor_events(w, codes):
            attempt(who, widget, event, payload, check, secrets)
        ended = who not in listeners
        # Their own requests: never the owner's chat, never the owner's upload.
        # (Without an advisor online, as on globex, the chat is not even opened.)
        attempt(who, widget, "chat:start", {
            "client_id": uuid.uuid4().hex, "body": "Hello", "attachments": [w.files["unclaimed"]]},
            lambda ack, ended=ended: not ack["ok"] and ack["error"]["code"] in (
                {"unauthorized"} if ended else {"invalid", "unavailable"}), secrets)
        attempt(who, widget, "chat:current", {"after_seq": 0},
                lambda ack, ended=ended: (not ack["ok"] and ack["error"]["code"] == "unauthorized")
                if ended else ack["ok"] and (ack["chat"] or {}).get("id") not in owner_chats,
                secrets)
        attempt(who, widget, "chat:availability", {}, lambda ack: ack["ok"], secrets)
    # Its own process closes it at logout (as `second` shows); close it here before the live
    # traffic, which another process's socket would still hear through the user's room.
    widgets.pop("the owner's device, logged out elsewhere").close()
    for event, payload, check in _advisor_events(w):
        attempt("advisor of another site", olga, event, payload, check, w.secrets())

    for who, namespace, auth_data, headers in _refused_connections(w, live_server):
        refused, said = _try_connect(live_server, namespace, auth_data, headers)
        covered[namespace].add("connect")
        tally.refused(who, f"connect {namespace}", refused, said, w.secrets())

    after = w.snapshot()
    second.heard.clear()
    _live_traffic(w, widgets, olga)
    for who, widget in [*widgets.items(), ("the owner's device after logout", second)]:
        colleague = who.startswith("same account")
        tally.leak_check(who, "events heard", _heard(widget), w.secrets(colleague))
    tally.leak_check("advisor of another site", "events heard", _heard(olga), w.secrets())
    record("access", "socket", attempts=tally.attempts, leaks=tally.leaks,
           refusals_missed=len(tally.problems) - tally.leaks)
    assert tally.problems == []
    assert after == before, "a refused event changed the owner's chats, files or requests"
    assert not any("intruder@example.com" in json.dumps(m.payload) for m in
                   db.session.execute(db.select(OutboxMessage)).scalars())
    # Every event of both namespaces, and connecting, is in the matrix.
    assert _events(VisitorNamespace) | {"connect"} <= covered["/visitor"]
    assert _events(AdvisorNamespace) | {"connect"} <= covered["/advisor"]
    _socket_positive_controls(w)


def _refused_connections(w, live_server):
    """Yield (who, namespace, auth, headers) of connections that must be refused."""
    acme = lambda token: {"site": "acme", "token": token}  # noqa: E731
    yield "visitor of another site, naming this site", "/visitor", acme(w.elsewhere), None
    yield "advisor of another site", "/visitor", acme(w.olga_token), None
    yield "advisor of the same site", "/visitor", acme(w.marta_token), None
    for who, token in (("expired identity token", w.expired_jwt),
                       ("identity signed with the wrong secret", w.wrong_secret_jwt),
                       ("identity with alg none", w.none_jwt),
                       ("identity with a tampered payload", w.tampered_jwt),
                       ("the owner's session after logout", w.logged_out),
                       ("the owner's session, expired", w.stale),
                       ("unknown bearer token", "x" * 43),
                       ("no token", None)):
        yield who, "/visitor", acme(token), None
        yield who, "/advisor", {"token": token}, None
    yield "no identity at all", "/visitor", None, None
    yield "no identity at all", "/advisor", None, None
    yield "the owner's token for an unknown site", "/visitor", {"site": "nope",
                                                                "token": w.owner}, None
    yield "the owner's token from a page of another origin", "/visitor", acme(w.owner), {
        "Origin": "https://evil.example"}
    for who, token in (("the owner's visitor token", w.owner),
                       ("advisor token after sign-out", w.signed_out),
                       ("expired advisor token", w.expired_advisor),
                       ("disabled advisor's token", w.disabled_advisor)):
        yield who, "/advisor", {"token": token}, None
    yield ("Marta's token from a host page", "/advisor", {"token": w.marta_token},
           {"Origin": "https://app.acme.test"})


def _live_traffic(w, widgets, olga):
    """Make the owner's things change while everyone listens; the entitled hear of it."""
    p, chat_id = w.private, w.chats["open"]
    w.widget.send(chat_id, f"Live message {p}")
    w.console.wait("chat:message", where=lambda d: f"Live message {p}" in json.dumps(d))
    w.console.ok("chat:typing", {"chat_id": chat_id, "typing": True})
    w.console.send(chat_id, f"Live answer {p}")
    w.widget.wait("chat:message", where=lambda d: f"Live answer {p}" in json.dumps(d))
    w.owner_client.post(f"/api/v1/tickets/{w.t1}/comments", headers=auth(w.owner),
                        json={"site": "acme", "body": f"Live comment {p}"})
    w.widget.wait("ticket", where=lambda d: f"Live comment {p}" in json.dumps(d))
    w.as_advisor("POST", f"/api/v1/advisor/tickets/{w.t3_id}/comments",
                 json={"body": f"Shared answer {w.shared}"})
    # The colleague hears of the shared request (so the others' silence means something).
    colleague = widgets["same account (chats are never shared)"]
    colleague.wait("ticket", where=lambda d: w.shared in json.dumps(d))
    # A round trip on every other socket: what was sent to it before has arrived by then.
    for listener in [*widgets.values(), olga]:
        listener.call("chat:availability" if listener.namespace == "/visitor" else "chat:queue")
    time.sleep(0.3)  # event handlers run on their own threads; let the last ones finish


def _socket_positive_controls(w):
    """The owner and Marta do, over the same sockets, what everyone else was refused."""
    p, chat_id = w.private, w.chats["open"]
    current = w.widget.ok("chat:current", {"after_seq": 0})
    assert current["chat"]["id"] == chat_id and p in json.dumps(current["messages"])
    assert p in json.dumps(w.widget.ok("chat:sync", {"chat_id": w.chats["rated"]}))
    w.widget.ok("chat:typing", {"chat_id": chat_id, "typing": True})
    w.widget.ok("chat:read", {"chat_id": chat_id, "seq": 1})
    w.widget.ok("chat:transcript", {"chat_id": w.chats["closed"]})  # only once a chat ended
    w.widget.ok("chat:rate", {"chat_id": w.chats["closed"], "rating": 5})
    assert chat_id in {c["id"] for c in w.console.ok("chat:queue")["mine"]}
    assert p in json.dumps(w.console.ok("chat:sync", {"chat_id": chat_id}))
    w.console.ok("chat:context", {"chat_id": chat_id})
    w.console.ok("chat:team", {"chat_id": chat_id})
    w.console.ok("chat:read", {"chat_id": chat_id, "seq": 2})
    w.console.ok("chat:transfer", {"chat_id": chat_id, "advisor_id": w.piotr.id})
    w.widget.ok("chat:close", {"chat_id": chat_id})


# --- Help center comments (cookie sessions) --------------------------------------------------


def test_the_owners_waiting_and_restricted_comments_reach_no_one_else(app, site, other_site):
    """Her comment waiting for review, and one under an article for accountants only, are
    refused to every other help center reader; no attempt changes them."""
    from helpwidget.services import posts
    tag = f"PRV{uuid.uuid4().hex[:10].upper()}"
    guide = make_article(site, "Public guide", "Steps.", slug="public-guide")
    closed = make_article(site, "Accountants only", "Steps.", slug="accountants-only",
                          audience=["accountant"])
    owner, owner_raw = help_center_user(site, "ana", "Ana", "ana@example.com",
                                        account_type="accountant")
    held = posts.create(site, kind="comment", body=f"Held {tag} call 310 555 0199", locale="es",
                        user=owner, article=guide)
    private = posts.create(site, kind="comment", body=f"Accountants {tag}", locale="es",
                           user=owner, article=closed)
    _bob, bob_raw = help_center_user(site, "bob", "Bob", "bob@example.com")
    _elsewhere, elsewhere_raw = help_center_user(other_site, "ana", "Ana", "ana@example.com",
                                                 account_type="accountant")
    _gone, revoked = help_center_user(site, "ana-old", "Ana", "ana@example.com",
                                      account_type="accountant")
    db.session.execute(db.update(Visitor).where(Visitor.token_hash == hash_token(revoked))
                       .values(revoked_at=utcnow()))
    _w, widget_raw = help_center_user(site, "ana-widget", "Ana", "ana@example.com",
                                      account_type="accountant")
    db.session.execute(db.update(Visitor).where(Visitor.token_hash == hash_token(widget_raw))
                       .values(channel="widget"))
    db.session.commit()
    intruders = {"anonymous reader": None, "another user of the site": bob_raw,
                 "the same person on another site": elsewhere_raw,
                 "a revoked help center session": revoked,
                 "a widget token sent as the cookie": widget_raw, "a forged cookie": "x" * 43}
    before = {p.id: (p.state, p.body, p.flag_count) for p in
              db.session.execute(db.select(Post)).scalars()}
    tally, base = Tally(), "/help/acme/es/articles"
    flag_rule = "/<site_key>/<locale>/articles/<slug>/comments/<int(max=999999999):post_id>/flag"
    for number, (who, raw) in enumerate(intruders.items()):
        client = reader_client(app, site, raw, f"10.78.0.{number + 1}")
        csrf = console_csrf(client)
        attempts = [
            ("GET", "/<site_key>/<locale>/articles/<slug>", f"{base}/public-guide", {},
             _status(200)),
            ("GET", "/<site_key>/<locale>/articles/<slug>", f"{base}/accountants-only", {},
             _status(404)),
            ("POST", flag_rule,
             f"{base}/public-guide/comments/{held.id}/flag", {"data": {"csrf_token": csrf}},
             lambda r: r.status_code in (303, 404)),
            ("POST", flag_rule,
             f"{base}/accountants-only/comments/{private.id}/flag",
             {"data": {"csrf_token": csrf}}, _status(404)),
            ("POST", "/<site_key>/<locale>/articles/<slug>/comments",
             f"{base}/accountants-only/comments",
             {"data": {"csrf_token": csrf, "body": "Intruding"}}, _status(404)),
        ]
        for method, rule, url, kwargs, check in attempts:
            response = client.open(url, method=method, **kwargs)
            refused, text = check(response), response.get_data(as_text=True)
            if response.status_code == 303:  # where a refusal sends the reader: still nothing
                text += client.get(response.location).get_data(as_text=True)
            tally.covered.add((method, rule))
            tally.refused(who, f"{method} {url}", refused, text, [tag, owner_raw])
    db.session.expire_all()
    after = {p.id: (p.state, p.body, p.flag_count) for p in
             db.session.execute(db.select(Post)).scalars()}
    record("access", "help center comments", attempts=tally.attempts, leaks=tally.leaks,
           refusals_missed=len(tally.problems) - tally.leaks)
    assert tally.problems == []
    assert after == before
    comment_rules = {(m, rule.rule[len("/help"):]) for rule in app.url_map.iter_rules()
                     if rule.endpoint.startswith("helpcenter.") and "/articles/" in rule.rule
                     and "comment" in rule.rule
                     for m in rule.methods - {"HEAD", "OPTIONS"}}
    assert comment_rules - tally.covered == set(), "help center comment routes not in the matrix"
    # The owner herself reads both.
    owner_client = reader_client(app, site, owner_raw, "10.78.1.1")
    assert tag in owner_client.get(f"{base}/public-guide").get_data(as_text=True)
    assert tag in owner_client.get(f"{base}/accountants-only").get_data(as_text=True)


# --- Help center requests, chats and files (cookie sessions) ---------------------------------


def _help_center_requests_world(app, site, other_site):
    """Ana's requests (private, resolved, shared), chat and files, opened from the widget."""

    tag = uuid.uuid4().hex[:10].upper()
    w = {"private": f"PRV{tag}", "shared": f"SHR{tag}"}
    api = reader_client(app, site, None, "10.79.0.1")
    ana = identified(api, site, sub="ana", name=f"Ana {w['shared']}", account_id="acc-1",
                     email=f"ana-{tag}@example.com")

    def upload(name):
        response = api.post("/api/v1/uploads", headers=auth(ana),
                            content_type="multipart/form-data",
                            data={"site": "acme", "file": (io.BytesIO(b"contents"), name)})
        assert response.status_code == 201, response.get_json()
        return response.get_json()["id"]

    w["files"] = {"request": upload(f"request-{w['private']}.txt")}
    w["t1"] = post_ticket(api, site, ana, subject=f"Private {w['private']}", cc=None,
                          attachments=[w["files"]["request"]]).get_json()["ticket"]["number"]
    w["files"]["comment"] = upload(f"comment-{w['private']}.txt")
    api.post(f"/api/v1/tickets/{w['t1']}/comments", headers=auth(ana), json={
        "site": "acme", "body": f"Comment {w['private']}", "attachments": [w["files"]["comment"]]})
    w["t2"] = post_ticket(api, site, ana, subject=f"Resolved {w['private']}",
                          cc=None).get_json()["ticket"]["number"]
    db.session.execute(db.update(Ticket).filter_by(number=w["t2"]).values(status="resolved"))
    db.session.commit()
    w["files"]["shared"] = upload(f"shared-{w['shared']}.txt")
    w["t3"] = post_ticket(api, site, ana, subject=f"Shared {w['shared']}", shared=True, cc=None,
                          attachments=[w["files"]["shared"]]).get_json()["ticket"]["number"]
    w["files"]["chat"] = upload(f"chat-{w['private']}.txt")
    widget_visitor = db.session.execute(db.select(Visitor).filter_by(
        token_hash=hash_token(ana))).scalar_one()
    chat = Chat(site_id=site.id, visitor_id=widget_visitor.id, user_id=widget_visitor.user_id,
                status="closed", locale="es", last_seq=1)
    db.session.add(chat)
    db.session.flush()
    message = ChatMessage(chat_id=chat.id, seq=1, client_id="c1", author_kind="visitor",
                          body=f"Chat {w['private']}")
    db.session.add(message)
    db.session.flush()
    db.session.get(Attachment, w["files"]["chat"]).chat_message_id = message.id
    db.session.commit()
    w["chat"] = chat.id
    w["owner"] = reader_client(app, site, None, "10.79.0.2")
    sign_in(w["owner"], site, sub="ana", name=f"Ana {w['shared']}", account_id="acc-1")
    token = console_csrf_of(w["owner"])
    w["files"]["unclaimed"] = _hc_unclaimed_upload(w["owner"], token)
    return w


def console_csrf_of(client):
    """Return a CSRF token of the client's session."""
    return console_csrf(client)


def _hc_unclaimed_upload(owner, token):
    """Leave an upload of the owner's help center session unattached (a failed form keeps it)."""
    response = owner.post("/help/acme/es/requests/new", content_type="multipart/form-data", data={
        "csrf_token": token, "category": "technical_issue", "subject": "",
        "files": [(io.BytesIO(b"kept"), "kept.txt")]})
    return re.search(r'name="attachments" value="([0-9a-f]+)"',
                     response.get_data(as_text=True)).group(1)


def _help_center_attempts(w, signed_in, colleague):
    """Yield (method, rule, url, kwargs, check) of the help center's request pages."""
    base = "/help/acme/es"
    item = _status(404) if signed_in else (lambda r: r.status_code == 302 and "sign-in" in
                                            r.location)
    page = _status(200) if signed_in else item
    numbers = [w["t1"], w["t2"]] + ([] if colleague else [w["t3"]])
    yield "GET", "/<site_key>/<locale>/activity", f"{base}/activity", {}, page
    yield "GET", "/<site_key>/<locale>/requests/new", f"{base}/requests/new", {}, page
    for number in numbers:
        yield ("GET", "/<site_key>/<locale>/requests/<id:number>",
               f"{base}/requests/{number}", {}, item)
        for action, form in (("comments", {"body": "Let me in"}), ("escalate", {"body": "Now"}),
                             ("close", {}), ("rating", {"score": "1", "comment": "intruder"})):
            yield ("POST", f"/<site_key>/<locale>/requests/<id:number>/{action}",
                   f"{base}/requests/{number}/{action}", {"data": form}, item)
    yield ("GET", "/<site_key>/<locale>/activity/chats/<id:chat_id>",
           f"{base}/activity/chats/{w['chat']}", {}, item)
    for kind, file_id in w["files"].items():
        if not (colleague and kind == "shared"):
            yield ("GET", "/<site_key>/<locale>/attachments/<attachment_id>",
                   f"{base}/attachments/{file_id}", {}, item)
    # The owner's kept upload cannot be attached to anyone else's request.
    yield "POST", "/<site_key>/<locale>/requests/new", f"{base}/requests/new", {"data": {
        "category": "technical_issue", "subcategory": "error_message", "subject": "Mine now",
        "description": "Intruding", "attachments": [w["files"]["unclaimed"]]}}, (
        _status(422) if signed_in else item)


def test_the_owners_requests_chats_and_files_in_the_help_center_reach_no_one_else(
        app, site, other_site):
    """Every help center page and form about requests, chats and files, tried by every other
    reader (and by sessions that are no help center session): refused, nothing leaked or changed."""

    w = _help_center_requests_world(app, site, other_site)
    readers = {}
    for who, sub, account, where in (("another user of the site", "bob", "acc-2", site),
                                     ("a colleague (shared request only)", "carla", "acc-1", site),
                                     ("the same person on another site", "ana", "acc-1",
                                      other_site)):
        client = reader_client(app, site, None, f"10.79.1.{len(readers) + 1}")
        _user, visitor = sign_in(client, where, sub=sub, account_id=account)
        if where is not site:  # the cookie of the other site's help center, sent to this one
            client.set_cookie("hw_help", client.get_cookie("hw_help", path="/help/globex/").value,
                              path="/help/acme/")
        readers[who] = (client, where is site)
    revoked = reader_client(app, site, None, "10.79.1.9")
    _user, gone = sign_in(revoked, site, sub="ana", account_id="acc-1")
    gone.revoked_at = utcnow()
    widget = reader_client(app, site, None, "10.79.1.10")
    widget.set_cookie("hw_help", identified(widget, site, sub="ana", account_id="acc-1"),
                      path="/help/acme/")
    forged = reader_client(app, site, "x" * 43, "10.79.1.11")
    db.session.commit()
    readers.update({"anonymous reader": (reader_client(app, site, None, "10.79.1.12"), False),
                    "the owner's revoked session": (revoked, False),
                    "a widget token sent as the cookie": (widget, False),
                    "a forged cookie": (forged, False)})

    def snapshot():
        db.session.expire_all()
        return ({t.number: (t.status, t.rating, t.escalated_at, len(t.comments)) for t in
                 db.session.execute(db.select(Ticket)).scalars()},
                {a.id: (a.ticket_id, a.comment_id, a.chat_message_id) for a in
                 db.session.execute(db.select(Attachment)).scalars()})

    before, tally = snapshot(), Tally()
    for who, (client, signed_in) in readers.items():
        colleague = who.startswith("a colleague")
        secrets = [w["private"]] + ([] if colleague else [w["shared"]])
        token = console_csrf_of(client)
        for method, rule, url, kwargs, check in _help_center_attempts(w, signed_in, colleague):
            if method == "POST":
                kwargs = {"data": {**kwargs["data"], "csrf_token": token}}
            response = client.open(url, method=method, **kwargs)
            tally.covered.add((method, rule))
            tally.refused(who, f"{method} {url}", check(response),
                          response.get_data(as_text=True), secrets)
    record("access", "help center requests", attempts=tally.attempts, leaks=tally.leaks,
           refusals_missed=len(tally.problems) - tally.leaks)
    assert tally.problems == []
    assert snapshot() == before, "a refused attempt changed the owner's requests or files"
    # Every page and form of my activity and requests is in the matrix.
    pages = {f"helpwidget.helpcenter.{name}" for name in ("activity", "request_pages",
                                                           "new_request")}
    routes = {(m, rule.rule[len("/help"):]) for rule in app.url_map.iter_rules()
              if app.view_functions[rule.endpoint].__module__ in pages
              for m in rule.methods - {"HEAD", "OPTIONS"}}
    assert routes - tally.covered == set(), "help center request routes not in the matrix"

    # The owner reaches all of it; her colleague, the shared request.
    owner = w["owner"]
    activity = owner.get("/help/acme/es/activity").get_data(as_text=True)
    assert all(f"{what} {w['private']}" in activity for what in ("Private", "Resolved", "Chat"))
    for number in (w["t1"], w["t2"], w["t3"]):
        assert owner.get(f"/help/acme/es/requests/{number}").status_code == 200
    for file_id in w["files"].values():
        assert owner.get(f"/help/acme/es/attachments/{file_id}").status_code == 200
    colleague = readers["a colleague (shared request only)"][0]
    shared = colleague.get(f"/help/acme/es/requests/{w['t3']}").get_data(as_text=True)
    assert w["shared"] in shared and w["private"] not in shared
