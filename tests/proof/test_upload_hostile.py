"""Hostile uploads through the visitor's and the advisor's endpoints: refused or stored inert.

Each file is either refused with a message in the uploader's language, or stored under a
random name inside UPLOADS_DIR and downloaded as an attachment that no browser renders: never
text/html or image/svg+xml, `nosniff`, a sandboxing CSP. Bodies too large are refused without
being read; the server keeps answering.
"""
import io
import json
import os
import socket
import threading
import zipfile

import pytest
from werkzeug.http import parse_options_header

from helpwidget.extensions import db
from helpwidget.models import Attachment
from helpwidget.services import sites
from tests.support.fixtures_advisors import advisor_login, bearer, make_advisor
from tests.support.identities import open_session
from tests.support.live_servers import Deployment
from tests.support.proof import record
from tests.support.sample_files import GIF, JPEG, PDF, png_bytes

PNG = png_bytes()
PE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64 + b"PE\x00\x00"
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 64
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
SVG = (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
       b"<script>alert(2)</script></svg>")
# Types a browser would run or render in place: a download must never carry one of them.
ACTIVE_TYPES = ("text/html", "image/svg+xml", "application/xhtml+xml", "text/xml",
                "application/xml", "text/javascript", "application/javascript")
INERT_TYPES = ("image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf",
               "application/octet-stream")


def zip_of(entries, level=9):
    """Return a deflated ZIP archive of (name, bytes) pairs."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        for name, data in entries:
            archive.writestr(name, data)
    return buffer.getvalue()


def zip_bomb(gigabytes=2):
    """Return a ZIP under 10 MB that unpacks to `gigabytes` GB of zeros (fast, level 1)."""
    buffer = io.BytesIO()
    block = b"\x00" * (1 << 20)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for number in range(gigabytes):
            with archive.open(f"zeros-{number}.bin", "w") as member:
                for _ in range(1024):
                    member.write(block)
    return buffer.getvalue()


def nested_bomb():
    """Return 42.zip in small: ten archives of ten archives of ten of 50 MB of zeros (50 GB)."""
    level = zip_of([("zeros.bin", b"\x00" * (50 << 20))])
    for depth in range(3):
        level = zip_of([(f"level{depth}-{n}.zip", level) for n in range(10)])
    return level


def deep_nesting(levels=6):
    """Return a tiny archive nested `levels` deep: what bombs do, not what people attach."""
    data = zip_of([("note.txt", b"hello")])
    for depth in range(levels):
        data = zip_of([(f"depth{depth}.zip", data)])
    return data


PDF_JS = (b"%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R /OpenAction 3 0 R>> endobj\n"
          b"2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\n"
          b"3 0 obj <</S /JavaScript /JS (app.alert\\('pdf'\\))>> endobj\n"
          b"trailer <</Root 1 0 R>>\n%%EOF\n")

# (case, file name, content, expected): "refused", "stored" or "either" (inert if stored).
CASES = [
    ("exe named .png", "setup.png", PE, "refused"),
    ("ELF named .png", "tool.png", ELF, "refused"),
    ("HTML named .jpg", "foto.jpg", HTML, "refused"),
    (".html", "pagina.html", HTML, "refused"),
    (".htm", "pagina.htm", HTML, "refused"),
    (".xhtml", "pagina.xhtml", HTML, "refused"),
    ("SVG with script", "logo.svg", SVG, "refused"),
    ("SVG named .png", "logo.png", SVG, "refused"),
    ("PNG named .svg", "logo.svg", PNG, "refused"),
    ("PNG named .html", "logo.html", PNG, "refused"),
    ("HTML named .txt, BOM first", "notas.txt", b"\xef\xbb\xbf  <!doctype html>" + HTML,
     "refused"),
    ("HTML comment first, named .csv", "datos.csv", b"<!-- x --><script>alert(1)</script>",
     "refused"),
    ("UTF-16 HTML named .txt", "notas.txt", HTML.decode().encode("utf-16"), "refused"),
    ("JavaScript", "app.js", b"alert(document.cookie)\n", "refused"),
    ("XML", "datos.xml", b'<?xml version="1.0"?><a/>', "refused"),
    ("exe behind a right-to-left override", "photo\u202egnp.exe", PE, "refused"),
    ("double extension", "factura.pdf.exe", PE, "refused"),
    ("NUL in the name", "a.png\x00.html", PNG, "either"),
    ("zip bomb (2 GB of zeros)", "bomba.zip", None, "refused"),
    ("nested zip bomb (50 GB in 42.zip style)", "anidado.zip", None, "refused"),
    ("archives nested six deep", "profundo.zip", None, "refused"),
    ("empty file", "vacio.png", b"", "refused"),
    ("just over ATTACHMENT_MAX_BYTES", "grande.png", None, "refused"),
    ("PDF with JavaScript", "factura.pdf", PDF_JS, "stored"),
    ("GIF/JavaScript polyglot", "anim.gif", GIF + b"*/=alert(1);/*", "stored"),
    ("PNG/HTML polyglot", "captura.png", PNG + HTML, "stored"),
    ("JPEG/HTML polyglot", "foto.jpg", JPEG + HTML, "stored"),
    ("PDF/HTML polyglot", "doc.pdf", b"%PDF-1.4\n" + HTML + PDF[9:], "stored"),
    ("ZIP holding an HTML page", "web.zip", zip_of([("index.html", HTML)]), "stored"),
    ("text holding a script", "notas.txt", b"hola\n<script>alert(1)</script>\n", "stored"),
    ("CSV formula", "datos.csv", b'=HYPERLINK("http://127.0.0.1:1/x","click")\n', "stored"),
    ("path traversal", "../../../../etc/passwd.png", PNG, "stored"),
    ("Windows path traversal", "..\\..\\Windows\\win.ini.png", PNG, "stored"),
    ("unicode name", "factura ñ 日本語 😀.png", PNG, "stored"),
    # Raw line breaks break the multipart headers themselves: a malformed form, refused.
    ("header injection in the name", "a\r\nContent-Type: text/html\r\n\r\n<b>x.png", PNG,
     "either"),
    ("control characters in the name", "a\x01\x1b[31m\tb\x7f.png", PNG, "stored"),
    ("quotes in the name", 'x"; filename="evil.html.png', PNG, "stored"),
    ("very long name", "a" * 1000 + ".png", PNG, "stored"),
    ("dots only", "...", PNG, "stored"),
    ("type header lies (text/html)", "captura.png", PNG, "stored"),
]
_BUILT = {"bomba.zip": zip_bomb, "anidado.zip": nested_bomb, "profundo.zip": deep_nesting}


@pytest.fixture
def hostile(app, client, site, tmp_path):
    """Return (visitor token, advisor token) with uploads in a folder of their own."""
    app.config.update(UPLOADS_DIR=str(tmp_path / "uploads"), RATELIMIT_UPLOADS="10000 per minute")
    # Advisors read the console in their own language: Piotr's is Polish.
    advisor = make_advisor("piotr@support.example.com", "Piotr Nowak", (site, "advisor"),
                           locale="pl")
    return open_session(client, site)["visitor_token"], advisor_login(client, advisor.email)


def content_of(app, name, data):
    """Return the bytes of a case, building the large ones when asked."""
    if data is not None:
        return data
    if name == "grande.png":
        return PNG + b"\x00" * (app.config["ATTACHMENT_MAX_BYTES"] + 1 - len(PNG))
    return _BUILT[name]()


def send(client, path, headers, name, data, locale, declared="image/png"):
    """Upload one file as multipart form data; return the response."""
    return client.post(path, data={"site": "acme", "file": (io.BytesIO(data), name, declared)},
                       headers={**headers, "Accept-Language": locale},
                       content_type="multipart/form-data")


def check_inert(response, data):
    """Return what is wrong with a download, if anything: it must be an inert attachment."""
    problems = []
    disposition, options = parse_options_header(response.headers.get("Content-Disposition", ""))
    if response.status_code != 200 or response.data != data:
        problems.append(f"download {response.status_code}")
    if disposition != "attachment":
        problems.append(f"disposition {disposition}")
    if any(c in response.headers.get("Content-Disposition", "") for c in "\r\n"):
        problems.append("line break in Content-Disposition")
    name = options.get("filename*", options.get("filename", ""))
    if name.lower().endswith((".html", ".htm", ".svg", ".xhtml", ".js")):
        problems.append(f"download name {name}")
    if response.mimetype in ACTIVE_TYPES or response.mimetype not in INERT_TYPES:
        problems.append(f"type {response.mimetype}")
    if response.headers.get("X-Content-Type-Options") != "nosniff":
        problems.append("no nosniff")
    if "sandbox" not in response.headers.get("Content-Security-Policy", ""):
        problems.append("no CSP sandbox")
    return problems


@pytest.mark.proof
def test_hostile_uploads_are_refused_or_stored_inert(app, client, site, hostile, tmp_path):
    visitor, advisor = hostile
    endpoints = {"visitor": ("/api/v1/uploads", {"Authorization": f"Bearer {visitor}"},
                             "/api/v1/attachments/{}?site=acme"),
                 "advisor": ("/api/v1/advisor/uploads", bearer(advisor),
                             "/api/v1/advisor/attachments/{}")}
    totals = {"cases": 0, "refused": 0, "served_inert": 0, "harmed": 0}
    for case, name, data, expected in CASES:
        data = content_of(app, name, data)
        figures = {"cases": 0, "refused": 0, "served_inert": 0, "harmed": 0}
        declared = "text/html" if "lies" in case else "image/png"
        english = None
        for who, (upload, headers, download) in endpoints.items():
            # The visitor's browser asks for Spanish; the advisor's account says Polish.
            response = send(client, upload, headers, name, data, "es", declared)
            figures["cases"] += 1
            body = response.get_json()
            if response.status_code in (400, 413, 422):
                english = english or send(client, endpoints["visitor"][0],
                                          endpoints["visitor"][1], name, data, "en",
                                          declared).get_json()
                # A clear message at the file field, in the uploader's language.
                assert body["fields"]["file"] and body["error"], (case, who, body)
                assert body["error"] != english["error"], (case, who, body)
                assert expected in ("refused", "either"), (case, who, body)
                figures["refused"] += 1
                continue
            assert response.status_code == 201, (case, who, response.status_code, body)
            assert expected in ("stored", "either"), (case, who, body)
            problems = check_inert(client.get(download.format(body["id"]), headers=headers), data)
            row = db.session.get(Attachment, body["id"])
            stored = os.path.join(app.config["UPLOADS_DIR"], *row.storage_key.split("/"))
            if not os.path.realpath(stored).startswith(os.path.realpath(
                    app.config["UPLOADS_DIR"]) + os.sep):
                problems.append(f"stored outside the uploads folder: {stored}")
            if any(c in row.filename for c in "/\\\r\n\x00\u202e") or len(row.filename) > 200:
                problems.append(f"stored name {row.filename!r}")
            if "lies" in case and row.content_type != "image/png":
                problems.append(f"believed the declared type: {row.content_type}")
            figures["harmed" if problems else "served_inert"] += 1
            assert problems == [], (case, who, problems)
        record("uploads", case, **figures)
        for key in totals:
            totals[key] += figures[key]
    # Nothing was written anywhere but under random names in the uploads folder.
    for folder, _, files in os.walk(app.config["UPLOADS_DIR"]):
        for file in files:
            assert len(file) == 32 and int(file, 16) >= 0, os.path.join(folder, file)
    assert client.get("/api/v1/chat/availability?site=acme").status_code == 200
    record("uploads", "all cases, both endpoints", **totals)
    assert totals["harmed"] == 0 and totals["cases"] == 2 * len(CASES)


@pytest.mark.proof
def test_downloads_do_not_render_in_a_browser(app, client, site, hostile, live_server,
                                              browser):
    visitor, advisor = hostile
    headers = bearer(advisor)
    polyglots = [c for c in CASES if c[3] == "stored" and ("polyglot" in c[0] or "script" in c[0]
                                                           or "HTML" in c[0])]
    context = browser.new_context(extra_http_headers=headers, accept_downloads=True)
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    downloaded = 0
    try:
        for case, name, data, _ in polyglots:
            stored = send(client, "/api/v1/advisor/uploads", headers, name, data, "en")
            assert stored.status_code == 201, (case, stored.get_json())
            url = f"{live_server}/api/v1/advisor/attachments/{stored.get_json()['id']}"
            with page.expect_download() as info:
                try:
                    page.goto(url)
                except Exception as error:  # Chromium reports a download as an aborted load
                    assert "Download is starting" in str(error) or "ERR_ABORTED" in str(error)
            assert info.value.url == url
            downloaded += 1
    finally:
        context.close()
    record("uploads", "downloads opened in Chromium", cases=len(polyglots),
           served_inert=downloaded, harmed=len(dialogs))
    assert dialogs == [] and downloaded == len(polyglots)


def vm_peak_kb(pid):
    """Return the peak resident memory of a process, in kB (VmHWM)."""
    with open(f"/proc/{pid}/status") as status:
        fields = dict(line.split(":", 1) for line in status)
    return int(fields["VmHWM"].split()[0])


MULTIPART_HEAD = ("--B\r\nContent-Disposition: form-data; name=\"site\"\r\n\r\nacme\r\n"
                  "--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.png\"\r\n"
                  "Content-Type: image/png\r\n\r\n").encode()


def raw_post(port, token, framing, body_megabytes):
    """Stream a multipart upload of `body_megabytes` MB of PNG-looking bytes; return the answer.

    `framing` is "length" (an honest Content-Length), "declared" (a 5 GB Content-Length, then
    nothing) or "chunked" (no length at all).
    """
    sock = socket.create_connection(("127.0.0.1", port), timeout=30)
    size = len(MULTIPART_HEAD) + body_megabytes * (1 << 20)
    framing_header = {"length": f"Content-Length: {size}",
                      "declared": "Content-Length: 5000000000",
                      "chunked": "Transfer-Encoding: chunked"}[framing]
    sock.sendall((f"POST /api/v1/uploads HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                  f"Authorization: Bearer {token}\r\nAccept-Language: es\r\n"
                  f"Content-Type: multipart/form-data; boundary=B\r\n{framing_header}\r\n\r\n"
                  ).encode())
    answer = []

    def read():
        try:
            answer.append(sock.recv(65536))
        except OSError as error:
            answer.append(str(error).encode())
    reader = threading.Thread(target=read)
    reader.start()
    block = b"\x89PNG" + b"\x00" * ((1 << 20) - 4)
    try:
        if framing != "declared":
            parts = [MULTIPART_HEAD] + [block] * body_megabytes
            for part in parts:
                if not reader.is_alive():
                    break  # answered: the server will not read the rest
                sock.sendall(b"%x\r\n%s\r\n" % (len(part), part) if framing == "chunked"
                             else part)
            if framing == "chunked" and reader.is_alive():
                sock.sendall(b"0\r\n\r\n")
    except OSError:
        pass  # the server closed the connection after answering: what it should do
    reader.join(timeout=30)
    sock.close()
    return answer[0].decode("utf-8", "replace") if answer else ""


@pytest.mark.proof
def test_huge_bodies_are_refused_unread(tmp_path):
    deployment = Deployment(tmp_path, name="hw_uploads", message_queue=False)
    with deployment.app.app_context():
        sites.save_site("acme", name="Acme", default_locale="es", locales=["es", "en"])
    server = deployment.server(HELPWIDGET_RATELIMIT_UPLOADS="1000 per minute")
    try:
        import urllib.request
        request = urllib.request.Request(f"{server.url}/api/v1/session", method="POST",
                                         data=json.dumps({"site": "acme"}).encode(),
                                         headers={"Content-Type": "application/json"})
        token = json.load(urllib.request.urlopen(request, timeout=10))["visitor_token"]
        before = vm_peak_kb(server.process.pid)
        answers = {framing: raw_post(server.port, token, framing, megabytes)
                   for framing, megabytes in (("declared", 0), ("length", 200),
                                              ("chunked", 300))}
        grown_mb = (vm_peak_kb(server.process.pid) - before) / 1024
        alive = urllib.request.urlopen(f"{server.url}/api/v1/chat/availability?site=acme",
                                       timeout=10).status == 200
    finally:
        server.stop()
        deployment.close()
    refused = {framing: answer.split(" ", 2)[1] if answer.startswith("HTTP/1.1") else answer
               for framing, answer in answers.items()}
    record("uploads", "huge streamed bodies (5 GB declared, 200 MB sent, 300 MB chunked)",
           cases=3, refused=sum(code in ("413", "400") for code in refused.values()),
           served_inert=0, harmed=int(grown_mb > 64) + int(not alive),
           peak_memory_growth_mb=round(grown_mb, 1))
    # Too large by its length: 413 with the size limit, in the uploader's language.
    for framing in ("declared", "length"):
        assert refused[framing] == "413", answers[framing]
        assert "El archivo es demasiado grande" in answers[framing]
    # No length at all: the body is never read (an empty form), so the form is incomplete.
    assert refused["chunked"] == "400", answers["chunked"]
    assert grown_mb < 64, f"server memory peak grew by {grown_mb:.0f} MB"
    assert alive


def test_archives_people_send_inside_archives_are_still_accepted(app, client, site, hostile):
    visitor, _ = hostile
    docx = zip_of([("[Content_Types].xml", b"<Types/>"), ("word/document.xml", b"<w:document/>")])
    # A ZIP of a ZIP of Word documents: three levels, within what the nesting check reads.
    archive = zip_of([("informes.zip", zip_of([("enero.docx", docx), ("febrero.docx", docx)])),
                      ("notas.txt", b"hola")])
    response = send(client, "/api/v1/uploads", {"Authorization": f"Bearer {visitor}"},
                    "entrega.zip", archive, "en")
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["content_type"] == "application/zip"
