"""Attachments: uploads checked by content, claimed by their uploader, downloaded inertly."""
import io
import itertools
import os
import zipfile
from datetime import UTC, datetime, timedelta
from urllib.parse import quote

import pytest
from flask import current_app
from werkzeug.datastructures import FileStorage

from helpwidget import create_app
from helpwidget.errors import Invalid
from helpwidget.extensions import db
from helpwidget.models import Advisor, Attachment, Ticket, TicketComment, Visitor
from helpwidget.services import attachments
from helpwidget.services.identity import hash_token
from tests.support.identities import open_session, sign_identity
from tests.support.sample_files import GIF, JPEG, PDF, WEBP, png_bytes

EN = {"X-HelpWidget-Locale": "en"}


def zipped(entries, first=None):
    """Return a ZIP archive of {name: bytes}, `first` stored uncompressed at the start."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if first:
            archive.writestr(zipfile.ZipInfo(first[0]), first[1], zipfile.ZIP_STORED)
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


CONTENT_TYPES = b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/"/>'
DOCX = zipped({"[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": b"<Relationships/>",
               "word/document.xml": b"<w:document/>"})
XLSX = zipped({"[Content_Types].xml": CONTENT_TYPES, "xl/workbook.xml": b"<workbook/>"})
PPTX = zipped({"[Content_Types].xml": CONTENT_TYPES, "ppt/presentation.xml": b"<p/>"})
ODT = zipped({"content.xml": b"<office:document-content/>"},
             first=("mimetype", b"application/vnd.oasis.opendocument.text"))
ODS = zipped({"content.xml": b"<office:document-content/>"},
             first=("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"))
ZIP = zipped({"notas.txt": "Hola, señor".encode()})


def ole(*streams):
    """Return a legacy Office (OLE compound) file whose directory names these streams."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    entries = b"".join((s.encode("utf-16-le") + b"\x00\x00").ljust(128, b"\x00")
                       for s in streams)
    return header + entries.ljust(512, b"\x00")


DOC = ole("WordDocument")
XLS = ole("Workbook")
CSV = "Fecha;Concepto;Importe\n2026-01-05;Cuota año;12,50 €\n".encode()

ACCEPTED = [
    ("captura.png", png_bytes(), "image/png"),
    ("foto.jpg", JPEG, "image/jpeg"),
    ("foto.jpeg", JPEG, "image/jpeg"),
    ("anim.gif", GIF, "image/gif"),
    ("pic.webp", WEBP, "image/webp"),
    ("Factura ñ 1.pdf", PDF, "application/pdf"),
    ("informe.docx", DOCX,
     "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("cuentas.xlsx", XLSX, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("charla.pptx", PPTX,
     "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    ("carta.odt", ODT, "application/vnd.oasis.opendocument.text"),
    ("hoja.ods", ODS, "application/vnd.oasis.opendocument.spreadsheet"),
    ("viejo.doc", DOC, "application/msword"),
    ("viejo.xls", XLS, "application/vnd.ms-excel"),
    ("todo.zip", ZIP, "application/zip"),
    ("extracto.csv", CSV, "text/csv"),
    ("notas.txt", "Línea uno\r\nLínea dos\n".encode(), "text/plain"),
    ("server.log", b"2026-01-05 10:00 ERROR 500 on /invoices\n", "text/plain"),
]


@pytest.fixture(autouse=True)
def uploads_dir(app, tmp_path):
    """Keep each test's files in its own folder."""
    app.config["UPLOADS_DIR"] = str(tmp_path / "uploads")
    return tmp_path / "uploads"


def auth(token):
    return {"Authorization": f"Bearer {token}", **EN}


def upload(client, token, name, data, site_key="acme", headers=None):
    """Upload one file through the API and return the response."""
    return client.post("/api/v1/uploads", data={"site": site_key, "file": (io.BytesIO(data), name)},
                       headers=headers if headers is not None else auth(token),
                       content_type="multipart/form-data")


def uploaded(client, token, name="captura.png", data=None):
    """Upload a file that must be accepted and return its JSON."""
    response = upload(client, token, name, data if data is not None else png_bytes())
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def download(client, token, attachment_id, site_key="acme"):
    headers = auth(token) if token else EN
    return client.get(f"/api/v1/attachments/{attachment_id}?site={site_key}", headers=headers)


def visitor_of(token):
    return db.session.execute(db.select(Visitor).filter_by(
        token_hash=hash_token(token))).scalar_one()


_numbers = itertools.count(100001)


def make_ticket(site, token, **fields):
    """Create a ticket of the visitor (and their user, if identified) directly."""
    visitor = visitor_of(token)
    user = visitor.user
    values = {"site_id": site.id, "number": next(_numbers), "subject": "Ayuda",
              "category": "technical_issue", "description": "No funciona",
              "due_at": datetime.now(UTC) + timedelta(hours=8),
              "requester_visitor_id": visitor.id,
              "requester_user_id": user.id if user else None,
              "account_id": user.account_id if user else ""}
    values.update(fields)
    ticket = Ticket(**values)
    db.session.add(ticket)
    db.session.commit()
    return ticket


def attach(site, token, ids, ticket, comment=None):
    """Claim uploads for a ticket as its requester, and commit as the ticket service does."""
    claimed = attachments.claim(site, ids, ticket=ticket, comment=comment,
                                visitor=visitor_of(token))
    db.session.commit()
    return claimed


def stored_path(attachment_id):
    """Return where the file of an attachment lies on disk."""
    row = db.session.get(Attachment, attachment_id)
    return os.path.join(current_app.config["UPLOADS_DIR"], *row.storage_key.split("/"))


# Uploading: what is accepted, and how it is described.

@pytest.mark.parametrize("name,data,content_type", ACCEPTED, ids=[a[0] for a in ACCEPTED])
def test_each_accepted_kind_is_stored_and_downloads_unchanged(client, site, name, data,
                                                              content_type):
    token = open_session(client, site)["visitor_token"]
    body = uploaded(client, token, name, data)
    assert body["filename"] == name and body["size"] == len(data)
    assert body["content_type"] == content_type and len(body["id"]) == 32
    response = download(client, token, body["id"])
    assert response.status_code == 200 and response.data == data


@pytest.mark.parametrize("name,data", [
    ("coches.csv", b"BMW;Serie 3;2026\nSeat;Ibiza;2025\n"),
    ("export.log", b"GIF export failed: disk full\n"),
    ("nota.txt", b"ID3 tags were missing\n"),
], ids=["bmp-letters", "gif-letters", "mp3-letters"])
def test_text_starting_like_a_binary_signature_is_still_text(client, site, name, data):
    token = open_session(client, site)["visitor_token"]
    assert uploaded(client, token, name, data)["size"] == len(data)


def test_workbook_embedding_a_word_document_is_a_workbook(client, site):
    token = open_session(client, site)["visitor_token"]
    both = ole("Workbook", "WordDocument")
    assert uploaded(client, token, "mixto.xls", both)["content_type"] == "application/vnd.ms-excel"
    assert uploaded(client, token, "mixto.doc", both)["content_type"] == "application/msword"


def test_upload_needs_a_visitor_token(client, site):
    response = upload(client, None, "captura.png", png_bytes(), headers=EN)
    assert response.status_code == 401
    assert response.get_json()["error"] == "Open the help widget again to start a session."
    assert Attachment.query.count() == 0


def test_upload_without_a_file_names_the_field(client, site):
    token = open_session(client, site)["visitor_token"]
    response = client.post("/api/v1/uploads", data={"site": "acme"}, headers=auth(token),
                           content_type="multipart/form-data")
    assert response.status_code == 400
    assert response.get_json()["fields"] == {"file": ["Choose a file to attach."]}


def test_unnamed_pasted_image_gets_the_extension_of_its_content(client, site):
    token = open_session(client, site)["visitor_token"]
    assert uploaded(client, token, "image", png_bytes())["filename"] == "image.png"


def test_file_name_loses_folders_and_control_characters_but_keeps_letters(client, site):
    token = open_session(client, site)["visitor_token"]
    body = uploaded(client, token, "..\\..\\Año\u202egnp\t2026.pdf", PDF)
    assert body["filename"] == "Añognp 2026.pdf"


# Refusals: the person learns why, and nothing is kept.

def refused(client, site, name, data, status=422):
    token = open_session(client, site)["visitor_token"]
    response = upload(client, token, name, data)
    assert response.status_code == status, response.get_json()
    assert Attachment.query.count() == 0
    return response.get_json()


NOT_ACCEPTED = ("This kind of file is not accepted. Attach images (PNG, JPEG, GIF, WebP), PDF, "
                "Word, Excel, PowerPoint or OpenDocument files, ZIP archives or plain text "
                "(TXT, CSV, LOG).")


def test_empty_file_is_refused(client, site):
    assert refused(client, site, "vacio.txt", b"")["fields"] == {"file": ["The file is empty."]}


def test_file_over_the_limit_is_refused_and_one_at_the_limit_accepted(app, client, site):
    app.config["ATTACHMENT_MAX_BYTES"] = 2 * 1024 * 1024
    body = refused(client, site, "grande.txt", b"a" * (2 * 1024 * 1024 + 1), status=413)
    assert body["error"] == "The file is too large. Attach files of up to 2 MB."
    token = open_session(client, site)["visitor_token"]
    assert uploaded(client, token, "justo.txt", b"a" * (2 * 1024 * 1024))["size"] == 2097152


def test_body_over_the_request_limit_is_refused_in_json(app, client, site):
    app.config["MAX_CONTENT_LENGTH"] = 4096
    body = refused(client, site, "grande.png", png_bytes() + b"\x00" * 8192, status=413)
    assert body["error"] == "The file is too large. Attach files of up to 10 MB."


def test_pdf_name_on_a_png_is_refused_naming_what_it_is(client, site):
    body = refused(client, site, "factura.pdf", png_bytes())
    message = ("“factura.pdf” is really a PNG image, not a .pdf file. Rename it to .png or "
               "attach another file.")
    assert body == {"error": message, "fields": {"file": [message]}}


def test_word_document_named_as_a_spreadsheet_is_refused(client, site):
    assert "is really a Word document" in refused(client, site, "datos.xlsx", DOCX)["error"]


@pytest.mark.parametrize("name,data", [
    ("pagina.html", b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"),
    ("pagina.txt", b"  <html><script>alert(document.cookie)</script></html>"),
    ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    ("logo.png", b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>'),
    ("setup.exe", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64),
    ("tool.exe", b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 64),
    ("instalador.doc", ole("SummaryInformation")),
    ("script.sh", b"#!/bin/sh\nrm -rf /\n"),
], ids=["html", "html-as-txt", "svg-script", "svg-as-png", "pe-exe", "elf",
        "ole-not-word", "shell-script"])
def test_dangerous_or_unknown_content_is_refused_listing_what_is_accepted(client, site, name,
                                                                          data):
    assert refused(client, site, name, data)["error"] == NOT_ACCEPTED


@pytest.mark.parametrize("name,data", [
    ("extracto.csv", "Cuota año;12,50\n".encode("cp1252")),
    ("extracto.csv", "Cuota año;12,50\n".encode("utf-16")),
    ("extracto.csv", b"texto\x00con nulos"),
], ids=["windows-1252", "utf-16", "nul"])
def test_text_that_is_not_utf8_is_refused_saying_how_to_save_it(client, site, name, data):
    body = refused(client, site, name, data)
    assert body["error"] == ("“extracto.csv” is not plain text in UTF-8. Save it as UTF-8 text "
                             "(CSV UTF-8 in Excel) and try again.")


def test_zip_bomb_is_refused(app, client, site):
    app.config["ATTACHMENT_MAX_BYTES"] = 10_000
    bomb = zipped({"zeros.bin": b"\x00" * (100 * 10_000 + 1)})
    assert len(bomb) < 10_000
    assert refused(client, site, "bomba.zip", bomb)["error"] == NOT_ACCEPTED


def test_damaged_office_file_is_refused(client, site):
    assert refused(client, site, "roto.docx", DOCX[:60])["error"] == NOT_ACCEPTED


# Storage: outside the web root, under a name the user did not choose.

def test_file_is_stored_under_the_uploads_folder_outside_any_static_folder(app, client, site,
                                                                           uploads_dir):
    token = open_session(client, site)["visitor_token"]
    body = uploaded(client, token, "../../static/evil.png")
    path = os.path.realpath(stored_path(body["id"]))
    assert path.startswith(os.path.realpath(uploads_dir) + os.sep)
    with open(path, "rb") as stored:
        assert stored.read() == png_bytes()
    assert "evil" not in path and body["id"] not in path
    statics = [app.static_folder] + [bp.static_folder for bp in app.blueprints.values()]
    for static in filter(None, statics):
        assert not path.startswith(os.path.realpath(static) + os.sep)
    assert not path.startswith(os.path.dirname(os.path.realpath(create_app.__code__.co_filename)))
    row = db.session.get(Attachment, body["id"])
    assert len(row.sha256) == 64 and row.uploader_visitor_id == visitor_of(token).id


# Downloads are inert: never rendered, never sniffed, never cached.

def test_download_headers_make_the_file_inert(client, site):
    token = open_session(client, site)["visitor_token"]
    text = b"hola <script>alert(document.cookie)</script>\n"
    body = uploaded(client, token, "notas.txt", text)
    response = download(client, token, body["id"])
    assert response.status_code == 200 and response.data == text
    assert response.mimetype == "application/octet-stream"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response.headers["Cache-Control"]
    assert "private" in response.headers["Cache-Control"]


def test_image_downloads_as_an_attachment_with_its_own_type(client, site):
    token = open_session(client, site)["visitor_token"]
    response = download(client, token, uploaded(client, token)["id"])
    assert response.mimetype == "image/png"
    assert response.headers["Content-Disposition"] == "attachment; filename=captura.png"


def test_unicode_name_is_offered_in_rfc_5987_form(client, site):
    token = open_session(client, site)["visitor_token"]
    body = uploaded(client, token, "Factura ñ 1.pdf", PDF)
    disposition = download(client, token, body["id"]).headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=UTF-8''" + quote("Factura ñ 1.pdf") in disposition


def test_missing_file_on_disk_is_not_found(client, site):
    token = open_session(client, site)["visitor_token"]
    body = uploaded(client, token)
    os.remove(stored_path(body["id"]))
    assert download(client, token, body["id"]).status_code == 404


# Claiming: only the uploader's own, unattached uploads, and all or nothing.

def test_claim_attaches_uploads_to_the_ticket_and_comment(client, site):
    token = open_session(client, site)["visitor_token"]
    ticket = make_ticket(site, token)
    comment = TicketComment(ticket=ticket, author_kind="requester", body="Mira")
    db.session.add(comment)
    first, second = uploaded(client, token)["id"], uploaded(client, token, "b.pdf", PDF)["id"]
    claimed = attach(site, token, [first, second, first], ticket, comment)
    assert [a.id for a in claimed] == [first, second]
    assert {a.id for a in comment.attachments} == {first, second}
    assert all(a.ticket_id == ticket.id for a in claimed)


def assert_claim_refused(site, token, ids, ticket, message):
    """Claiming must fail with the message on the field and leave every upload as it was."""
    before = {i: (row.ticket_id, row.comment_id) for i in ids
              if (row := db.session.get(Attachment, i)) is not None}
    with pytest.raises(Invalid) as refusal:
        attachments.claim(site, ids, ticket=ticket, visitor=visitor_of(token))
    assert refusal.value.status == 422
    assert [str(m) for m in refusal.value.fields["attachments"]] == [message]
    # Checked before any rollback: the caller's commit must not carry a partial claim.
    db.session.flush()
    assert ticket.attachments == []
    assert before == {i: (row.ticket_id, row.comment_id) for i in before
                      if (row := db.session.get(Attachment, i)) is not None}
    db.session.rollback()


GONE = "An attached file is no longer available. Upload it again."


def test_someone_elses_upload_cannot_be_claimed(client, site):
    mine, theirs = (open_session(client, site)["visitor_token"] for _ in range(2))
    own, foreign = uploaded(client, mine)["id"], uploaded(client, theirs)["id"]
    assert_claim_refused(site, mine, [own, foreign], make_ticket(site, mine), GONE)


def test_unknown_or_other_sites_upload_cannot_be_claimed(client, site, other_site):
    token = open_session(client, site)["visitor_token"]
    own = uploaded(client, token)["id"]
    assert_claim_refused(site, token, [own, "0" * 32], make_ticket(site, token), GONE)
    outsider = open_session(client, other_site)["visitor_token"]
    body = upload(client, outsider, "x.png", png_bytes(), site_key="globex").get_json()
    assert_claim_refused(site, token, [own, body["id"]], make_ticket(site, token), GONE)


def test_upload_already_attached_cannot_be_claimed_again(client, site):
    token = open_session(client, site)["visitor_token"]
    first, second = uploaded(client, token)["id"], uploaded(client, token)["id"]
    attach(site, token, [first], make_ticket(site, token))
    assert_claim_refused(site, token, [second, first], make_ticket(site, token),
                         "A file is already attached to another message. Upload it again.")


def test_too_many_uploads_in_one_message_are_refused(app, client, site):
    app.config["ATTACHMENTS_PER_MESSAGE"] = 2
    token = open_session(client, site)["visitor_token"]
    ids = [uploaded(client, token)["id"] for _ in range(3)]
    assert_claim_refused(site, token, ids, make_ticket(site, token),
                         "Attach at most 2 files to one message.")
    assert len(attach(site, token, ids[:2], make_ticket(site, token))) == 2


# Who may download: the access matrix. Refusals never carry the bytes.

SECRET = b"%PDF-1.4\n% invoice of the requester\n%%EOF\n"


@pytest.fixture
def people(client, site):
    """Visitor tokens: Ana and Bea of account acc-1, Carl of acc-2, an anonymous visitor."""
    def identified(sub, account):
        return open_session(client, site, identity=sign_identity(
            site, sub=sub, account_id=account))["visitor_token"]
    return {"ana": identified("ana", "acc-1"), "bea": identified("bea", "acc-1"),
            "carl": identified("carl", "acc-2"),
            "anon": open_session(client, site)["visitor_token"]}


@pytest.fixture
def anas_file(client, site, people):
    """An upload of Ana's attached to her private ticket."""
    body = uploaded(client, people["ana"], "factura.pdf", SECRET)
    ticket = make_ticket(site, people["ana"])
    attach(site, people["ana"], [body["id"]], ticket)
    return body["id"], ticket


def assert_hidden(response, status=404):
    assert response.status_code == status
    assert SECRET not in response.data and response.mimetype == "application/json"


def test_requester_downloads_from_her_ticket(client, people, anas_file):
    response = download(client, people["ana"], anas_file[0])
    assert response.status_code == 200 and response.data == SECRET


def test_same_user_in_another_session_downloads_from_her_ticket(client, site, people,
                                                                 anas_file):
    again = open_session(client, site, identity=sign_identity(site, sub="ana",
                                                              account_id="acc-1"))
    assert download(client, again["visitor_token"], anas_file[0]).status_code == 200


def test_same_account_cannot_download_from_a_private_ticket(client, people, anas_file):
    response = download(client, people["bea"], anas_file[0])
    assert_hidden(response)
    assert response.get_json()["error"] == "This file is not available."


def test_same_account_downloads_from_a_shared_ticket(client, people, anas_file):
    anas_file[1].shared = True
    anas_file[1].account_id = "acc-1"
    db.session.commit()
    assert download(client, people["bea"], anas_file[0]).data == SECRET
    assert_hidden(download(client, people["carl"], anas_file[0]))


@pytest.mark.parametrize("who", ["carl", "anon"])
def test_other_account_or_anonymous_visitor_cannot_download(client, people, anas_file, who):
    assert_hidden(download(client, people[who], anas_file[0]))


def test_unclaimed_upload_is_only_its_uploaders(client, site, people):
    body = uploaded(client, people["anon"], "factura.pdf", SECRET)
    assert download(client, people["anon"], body["id"]).status_code == 200
    assert_hidden(download(client, people["ana"], body["id"]))
    other_anon = open_session(client, site)["visitor_token"]
    assert_hidden(download(client, other_anon, body["id"]))


def test_anonymous_requester_downloads_from_her_ticket_until_a_user_claims_it(client, site,
                                                                               people):
    body = uploaded(client, people["anon"], "factura.pdf", SECRET)
    ticket = make_ticket(site, people["anon"])
    attach(site, people["anon"], [body["id"]], ticket)
    assert download(client, people["anon"], body["id"]).data == SECRET
    ticket.requester_user_id = visitor_of(people["ana"]).user_id
    db.session.commit()
    assert_hidden(download(client, people["anon"], body["id"]))


def test_internal_note_attachment_is_hidden_from_the_requester(client, site, people):
    ticket = make_ticket(site, people["ana"], shared=True, account_id="acc-1")
    note = TicketComment(ticket=ticket, author_kind="advisor", body="Ver adjunto", internal=True)
    reply = TicketComment(ticket=ticket, author_kind="advisor", body="Adjunto")
    db.session.add_all([note, reply])
    hidden, shown = (uploaded(client, people["ana"], "f.pdf", SECRET)["id"] for _ in range(2))
    attach(site, people["ana"], [hidden], ticket, note)
    attach(site, people["ana"], [shown], ticket, reply)
    for who in ("ana", "bea"):
        assert_hidden(download(client, people[who], hidden))
        assert download(client, people[who], shown).data == SECRET


def test_visitor_of_another_site_cannot_download(client, site, other_site, anas_file):
    outsider = open_session(client, other_site)["visitor_token"]
    assert_hidden(download(client, outsider, anas_file[0], site_key="globex"))
    # Its token is not a session on this site at all.
    assert_hidden(download(client, outsider, anas_file[0]), status=401)


def test_file_of_another_site_is_not_found_through_this_site(client, site, other_site):
    outsider = open_session(client, other_site)["visitor_token"]
    body = upload(client, outsider, "x.pdf", SECRET, site_key="globex").get_json()
    assert download(client, outsider, body["id"], site_key="globex").data == SECRET
    assert download(client, outsider, body["id"]).status_code == 401
    assert_hidden(download(client, open_session(client, site)["visitor_token"], body["id"]))


def test_unknown_attachment_is_not_found(client, people):
    assert_hidden(download(client, people["ana"], "0" * 32))
    assert_hidden(download(client, people["ana"], "x" * 300))


@pytest.mark.parametrize("token", [None, "forged-token"])
def test_missing_or_forged_token_cannot_download(client, anas_file, token):
    assert_hidden(download(client, token, anas_file[0]), status=401)


def test_ended_or_expired_session_cannot_download(app, client, site, people, anas_file):
    visitor = visitor_of(people["ana"])
    visitor.last_seen_at = datetime.now(UTC) - timedelta(
        seconds=app.config["VISITOR_TOKEN_TTL"] + 60)
    db.session.commit()
    assert_hidden(download(client, people["ana"], anas_file[0]), status=401)
    client.delete("/api/v1/session", json={"site": "acme"}, headers=auth(people["bea"]))
    anas_file[1].shared, anas_file[1].account_id = True, "acc-1"
    db.session.commit()
    assert_hidden(download(client, people["bea"], anas_file[0]), status=401)


def test_expired_or_forged_identity_never_gets_a_session(client, site):
    forged = sign_identity(site, secret="a-secret-that-is-not-the-sites-one")
    for identity in (sign_identity(site, ttl=-120), forged):
        response = client.post("/api/v1/session", json={"site": "acme", "identity": identity})
        assert response.status_code == 401 and "visitor_token" not in response.get_json()


def test_advisor_upload_is_claimed_by_the_advisor_only(client, site, people):
    advisor = Advisor(email="eva@acme.test", name="Eva", password_hash="x")
    db.session.add(advisor)
    db.session.commit()
    upload_ = attachments.store(site, FileStorage(io.BytesIO(SECRET), "respuesta.pdf"),
                                advisor=advisor)
    ticket = make_ticket(site, people["ana"])
    assert_hidden(download(client, people["ana"], upload_.id))
    assert_claim_refused(site, people["ana"], [upload_.id], ticket, GONE)
    reply = TicketComment(ticket=ticket, author_kind="advisor", body="Aquí la tiene")
    db.session.add(reply)
    attachments.claim(site, [upload_.id], ticket=ticket, comment=reply, advisor=advisor)
    db.session.commit()
    assert download(client, people["ana"], upload_.id).data == SECRET


# Cleaning up uploads nobody attached.

def test_delete_unclaimed_removes_old_unattached_uploads_and_their_files(app, client, site):
    token = open_session(client, site)["visitor_token"]
    old, recent, claimed = (uploaded(client, token)["id"] for _ in range(3))
    attach(site, token, [claimed], make_ticket(site, token))
    paths = {i: stored_path(i) for i in (old, recent, claimed)}
    long_ago = datetime.now(UTC) - timedelta(seconds=app.config["UNCLAIMED_UPLOAD_TTL"] + 60)
    for attachment_id in (old, claimed):
        db.session.get(Attachment, attachment_id).created_at = long_ago
    db.session.commit()
    assert attachments.delete_unclaimed() == 1
    db.session.expire_all()
    assert db.session.get(Attachment, old) is None and not os.path.exists(paths[old])
    for kept in (recent, claimed):
        assert db.session.get(Attachment, kept) is not None and os.path.exists(paths[kept])
    assert download(client, token, old).status_code == 404
    assert attachments.delete_unclaimed(older_than_seconds=0) == 1
    assert not os.path.exists(paths[recent]) and os.path.exists(paths[claimed])


# Rate limits: per visitor and per address, both.

@pytest.fixture
def limited(make_app, tmp_path):
    return make_app(RATELIMIT_UPLOADS="2 per minute", UPLOADS_DIR=str(tmp_path / "limited"))


def test_uploads_are_limited_per_visitor_whatever_the_address(limited, site):
    client = limited.test_client()
    token = open_session(client, site)["visitor_token"]
    codes = [client.post("/api/v1/uploads", data={"site": "acme", "file": (
        io.BytesIO(png_bytes()), "a.png")}, headers=auth(token),
        environ_base={"REMOTE_ADDR": f"10.0.0.{n}"}).status_code for n in range(3)]
    assert codes == [201, 201, 429]


def test_uploads_are_limited_per_address_whatever_the_token(limited, site):
    client = limited.test_client()
    tokens = [open_session(client, site)["visitor_token"] for _ in range(3)]
    codes = [upload(client, token, "a.png", png_bytes()).status_code for token in tokens]
    assert codes == [201, 201, 429]
