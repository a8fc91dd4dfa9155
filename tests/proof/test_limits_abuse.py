"""Limits an attacker cannot step around: sessions, sign-in, address variants, bytes, views."""
import io
import json
import re
import secrets
import threading
import urllib.error
import urllib.request
from datetime import timedelta

from helpwidget.extensions import db
from helpwidget.models import Article, Attachment
from helpwidget.services import addresses, helpcenter_accounts, sites
from helpwidget.services.timeutil import utcnow
from tests.support.articles import make_article
from tests.support.fixtures_advisors import PASSWORD
from tests.support.fixtures_tickets import anonymous, auth
from tests.support.proof import record

CSV = b"factura;importe\n" + b"1043;99\n" * 60  # 496 bytes of text/csv


def _ip(app, address):
    """Return a test client whose requests come from `address`."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


# --- POST /session ---------------------------------------------------------------------------

def test_made_up_tokens_get_no_session_allowance_of_their_own(app, client, site):
    app.config["RATELIMIT_SESSION"] = "5 per minute"
    codes = [client.post("/api/v1/session", json={"site": "acme"},
                         headers=auth(secrets.token_urlsafe(32))).status_code for _ in range(40)]
    opened = codes.count(201)
    assert opened == 5 and codes[5:] == [429] * 35
    # A live token keeps its own allowance (a widget refreshing its session is not held back).
    live = anonymous(_ip(app, "10.1.0.1"), site)
    assert client.post("/api/v1/session", json={"site": "acme"},
                       headers=auth(live)).status_code == 201
    record("access", "limits: sessions opened with made-up tokens", attempts=40, leaks=0,
           refusals_missed=opened - 5)


def test_sessions_are_limited_per_address_whatever_token_they_show(app, client, site):
    app.config["RATELIMIT_SESSION_IP"] = "6 per minute"
    tokens = [anonymous(_ip(app, f"10.2.0.{n}"), site) for n in range(10)]
    codes = [client.post("/api/v1/session", json={"site": "acme"},
                         headers=auth(token)).status_code for token in tokens]
    assert codes == [201] * 6 + [429] * 4


# --- advisor sign-in --------------------------------------------------------------------------

def _guess(base, email, password, codes):
    """Try one sign-in over real HTTP and keep its status."""
    body = json.dumps({"email": email, "password": password}).encode()
    request = urllib.request.Request(f"{base}/api/v1/advisor/session", data=body, method="POST",
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            codes.append(response.status)
    except urllib.error.HTTPError as error:
        codes.append(error.code)


def test_concurrent_guesses_get_no_more_tries_than_the_limit(app, live_server, advisor):
    app.config["RATELIMIT_ADVISOR_LOGIN"] = "5 per minute"
    codes = []
    threads = [threading.Thread(target=_guess, args=(live_server, advisor.email,
                                                     f"wrong-{n}", codes)) for n in range(60)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    tried = codes.count(401)
    assert len(codes) == 60 and tried <= 5 and codes.count(429) == 60 - tried
    record("access", "limits: concurrent advisor password guesses", attempts=60, leaks=0,
           refusals_missed=max(0, tried - 5))


def test_successful_sign_ins_do_not_use_up_the_limit(app, client, advisor):
    app.config["RATELIMIT_ADVISOR_LOGIN"] = "3 per minute"
    for _ in range(6):
        assert client.post("/api/v1/advisor/session", json={
            "email": advisor.email, "password": PASSWORD}).status_code == 201
    wrong = [client.post("/api/v1/advisor/session", json={
        "email": advisor.email, "password": "nope"}).status_code for _ in range(4)]
    assert wrong == [401, 401, 401, 429]


VARIANTS = ["marta@ｓupport.example.com",  # a fullwidth letter in the domain (IDNA maps it)
            "MARTA@SUPPORT.EXAMPLE.COM ", "ｍａｒｔａ@ｓｕｐｐｏｒｔ.ｅｘａｍｐｌｅ.ｃｏｍ",
            "Marta@Support.Example.Com", "marta@SUPPORT.example.com\t"]


def test_variants_of_a_locked_address_share_its_lockout(app, advisor):
    app.config["RATELIMIT_ADVISOR_LOGIN"] = "3 per minute"
    for n in range(3):  # each guess from its own address: only the per-email limit applies
        assert _ip(app, f"10.3.0.{n}").post("/api/v1/advisor/session", json={
            "email": advisor.email, "password": "nope"}).status_code == 401
    # The right password under any spelling that reaches the account is refused meanwhile.
    codes = [_ip(app, f"10.3.1.{n}").post("/api/v1/advisor/session", json={
        "email": variant, "password": PASSWORD}).status_code for n, variant in enumerate(VARIANTS)]
    assert codes == [429] * len(VARIANTS)
    record("access", "limits: sign-in lockout under variants of the address",
           attempts=len(VARIANTS), leaks=0, refusals_missed=len(VARIANTS) - codes.count(429))


def test_every_address_limit_uses_one_normal_form():
    same = ["marta@support.example.com", "Marta@Support.Example.com",
            "marta@ｓupport.example.com", "ｍａｒｔａ@ｓｕｐｐｏｒｔ.ｅｘａｍｐｌｅ.ｃｏｍ",
            " MARTA@SUPPORT.EXAMPLE.COM\t"]
    assert {addresses.limit_key(a) for a in same} == {"marta@support.example.com"}
    assert helpcenter_accounts.limit_key is addresses.limit_key
    assert addresses.limit_key("not an address ") == "not an address"


def test_the_help_center_sign_in_limit_counts_fullwidth_variants_together(app, site):
    app.config.update(RATELIMIT_SIGN_IN_ADDRESS="2 per hour", RATELIMIT_SIGN_IN_IP="50 per hour")
    site.open_registration = True
    db.session.commit()
    codes = []
    for n, typed in enumerate(["ana@example.com", "ana@ｅxample.com", "ａｎａ@example.com"]):
        reader = _ip(app, f"10.4.0.{n}")
        page = reader.get("/help/acme/es/sign-in").get_data(as_text=True)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        codes.append(reader.post("/help/acme/es/sign-in", data={
            "email": typed, "csrf_token": token}).status_code)
    assert codes == [200, 200, 429]


# --- uploads ---------------------------------------------------------------------------------

def _upload(client, token, name="f.csv", data=CSV):
    return client.post("/api/v1/uploads", headers={**auth(token), "Accept-Language": "en"},
                       data={"site": "acme", "file": (io.BytesIO(data), name)})


def test_uploads_have_byte_quotas_per_visitor_address_and_site(app, site):
    app.config.update(UPLOAD_BYTES_PER_VISITOR=3 * len(CSV), UPLOAD_BYTES_PER_IP=5 * len(CSV),
                      UPLOAD_BYTES_PER_SITE=7 * len(CSV), RATELIMIT_UPLOADS="1000 per minute")
    one = _ip(app, "10.5.0.1")
    token = anonymous(one, site)
    codes = [_upload(one, token).status_code for _ in range(4)]
    assert codes == [201, 201, 201, 429]
    refused = _upload(one, token).get_json()
    assert refused["error"] == ("You have uploaded too much in the last hour. Try again later, "
                                "or attach smaller files.") and "file" in refused["fields"]
    # Fresh visitors from the same address share the address's quota...
    fresh = [_upload(one, anonymous(one, site)).status_code for _ in range(3)]
    assert fresh == [201, 201, 429]
    # ...and other addresses share the site's.
    others = [_upload(_ip(app, f"10.5.1.{n}"), anonymous(_ip(app, f"10.5.1.{n}"), site))
              .status_code for n in range(4)]
    assert others == [201, 201, 429, 429]
    stored = db.session.query(Attachment).count()
    assert stored == 7
    record("access", "limits: upload bytes per visitor, address and site", attempts=12, leaks=0,
           refusals_missed=stored - 7)


def test_a_disk_running_low_sweeps_unclaimed_uploads_sooner(app, client, site):
    token = anonymous(client, site)
    old = _upload(client, token).get_json()["id"]
    recent = _upload(client, token).get_json()["id"]
    db.session.get(Attachment, old).created_at = utcnow() - timedelta(hours=1)
    db.session.commit()
    app.config["UPLOADS_MIN_FREE_BYTES"] = 1 << 62  # more than any disk has
    refused = _upload(client, token)
    assert refused.status_code == 503
    assert refused.get_json()["error"] == "The server has no room for files right now. Try " \
        "again later."
    db.session.expire_all()
    assert db.session.get(Attachment, old) is None  # swept at once, a day early
    assert db.session.get(Attachment, recent) is not None  # within the low-disk grace


# --- speed test -------------------------------------------------------------------------------

def test_the_speed_test_needs_a_live_visitor_of_a_site_that_offers_it(app, client, site):
    token = anonymous(client, site)
    assert client.get("/api/v1/speedtest/download?bytes=10").status_code == 404  # no site
    assert client.get("/api/v1/speedtest/download?site=acme&bytes=10").status_code == 401
    assert client.get("/api/v1/speedtest/download?site=acme&bytes=10",
                      headers=auth("made-up")).status_code == 401
    assert client.get("/api/v1/speedtest/download?site=acme&bytes=10",
                      headers=auth(token)).status_code == 200
    sites.save_site("acme", menu=[{"item": "speed_test", "enabled": False}])
    for path in ("ping", "download?bytes=10"):
        answer = client.get(f"/api/v1/speedtest/{path}&site=acme".replace("ping&", "ping?"),
                            headers={**auth(token), "Accept-Language": "en"})
        assert answer.status_code == 404
        assert answer.get_json()["error"] == "This help center does not offer a speed test."
    assert client.post("/api/v1/speedtest/upload?site=acme", data=b"x" * 1000,
                       headers=auth(token)).status_code == 404


def test_speed_test_bytes_are_bounded_per_visitor_and_address(app, site):
    app.config.update(SPEEDTEST_BYTES_PER_VISITOR=3000, SPEEDTEST_BYTES_PER_IP=5000)
    one = _ip(app, "10.6.0.1")
    token = anonymous(one, site)
    get = lambda client, token: client.get(  # noqa: E731
        "/api/v1/speedtest/download?site=acme&bytes=1000", headers=auth(token)).status_code
    assert [get(one, token) for _ in range(4)] == [200, 200, 200, 429]
    assert one.post("/api/v1/speedtest/upload?site=acme", data=b"x" * 500,
                    headers=auth(token)).status_code == 429
    other = anonymous(one, site)
    assert [get(one, other) for _ in range(3)] == [200, 200, 429]  # the address's bound
    moved = 5 * 1000
    record("access", "limits: speed test bytes per visitor and address", attempts=8, leaks=0,
           refusals_missed=max(0, moved - 5000))


# --- article views ----------------------------------------------------------------------------

def test_a_view_counts_once_per_visitor_article_and_day(app, client, site):
    make_article(site, "Emitir una factura", slug="emitir")
    token = anonymous(client, site)
    for _ in range(30):
        client.get("/api/v1/articles/emitir?site=acme", headers=auth(token))
        client.get("/api/v1/articles/emitir?site=acme")  # anonymous: keyed by the address
        client.get("/help/acme/es/articles/emitir")
    db.session.expire_all()
    views = db.session.execute(db.select(Article.views).filter_by(slug="emitir")).scalar_one()
    assert views == 2  # the visitor, and the address without a session
    record("access", "limits: repeated article views by one reader", attempts=90, leaks=0,
           refusals_missed=views - 2)


def test_fresh_visitors_of_one_address_cannot_push_an_article_up(app, site):
    app.config.update(ARTICLE_VIEWS_PER_IP="5 per hour", RATELIMIT_SESSION="1000 per minute",
                      RATELIMIT_SESSION_IP="1000 per minute")
    make_article(site, "Emitir una factura", slug="emitir")
    one = _ip(app, "10.7.0.1")
    for _ in range(40):
        one.get("/api/v1/articles/emitir?site=acme", headers=auth(anonymous(one, site)))
    db.session.expire_all()
    views = db.session.execute(db.select(Article.views).filter_by(slug="emitir")).scalar_one()
    assert views == 5
    other = _ip(app, "10.7.0.2")
    other.get("/api/v1/articles/emitir?site=acme")
    db.session.expire_all()
    assert db.session.execute(db.select(Article.views).filter_by(
        slug="emitir")).scalar_one() == 6
    record("access", "limits: article views from one address in bulk", attempts=40, leaks=0,
           refusals_missed=views - 5)
