"""Default settings; instance/config.py and HELPWIDGET_* environment variables override them."""

# Signs the advisor console's session cookies; set a long random value in production.
SECRET_KEY = "dev-only-change-me"

# SQLAlchemy URL. Empty means SQLite in the instance folder (instance/helpwidget.sqlite).
# PostgreSQL: postgresql+psycopg://user@127.0.0.1:5432/helpwidget
DATABASE_URL = ""
# A pooled connection unused for longer than this many seconds is tested before use (and
# replaced if the database dropped it). Testing every use cost one more round trip per request
# and chat event; a connection returned a moment ago is as good as tested.
DATABASE_PING_AFTER_IDLE = 1.0

# Folder of the Whoosh index. Empty means instance/index.
SEARCH_INDEX_DIR = ""

# Seconds a process waits for the index writer lock held by another process.
SEARCH_WRITE_TIMEOUT = 30.0

# Seconds between two looks of a process's search follower at the search change log (on
# PostgreSQL a NOTIFY wakes it at once; this is then only the fallback).
SEARCH_SYNC_INTERVAL = 1.0

# Locales the product speaks: help center content, API errors and the help center pages.
LOCALES = ["en", "es", "pl"]
DEFAULT_LOCALE = "en"

# Longest lifetime (seconds) accepted for a host app's identity token, so a leaked one expires soon.
IDENTITY_MAX_TTL = 24 * 3600

# How long an anonymous visitor token stays valid without use (seconds).
VISITOR_TOKEN_TTL = 180 * 24 * 3600

# How long a help center sign-in lasts in its browser (seconds).
HELPCENTER_SESSION_TTL = 30 * 24 * 3600
# An emailed help center sign-in link works once, within this many seconds.
SIGN_IN_LINK_TTL = 15 * 60
# Longest lifetime (seconds) of an identity token the host puts in a /help/<site>/sso link:
# a URL lands in logs and history, so such a token must expire soon (and works only once).
SSO_TOKEN_MAX_TTL = 600
# Sign-in links asked for, per address (on one site) and per IP address (both limits apply).
RATELIMIT_SIGN_IN_ADDRESS = "5 per hour"
RATELIMIT_SIGN_IN_IP = "20 per hour"

# Storage of rate-limit counters: memory:// for one process, redis://127.0.0.1:6379 for several.
RATELIMIT_STORAGE_URI = "memory://"
# While that storage is unreachable, count in each process's memory rather than refuse requests.
RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True

# Requests per visitor and IP for creating visitor sessions and sending feedback.
RATELIMIT_SESSION = "30 per minute"
# Session requests per IP address whatever token they show (fresh tokens never reset it).
RATELIMIT_SESSION_IP = "120 per minute; 1200 per hour"
RATELIMIT_FEEDBACK = "20 per minute"

# Article views that count towards "popular": one per visitor (or IP address, without a
# session) per article and day, and at most this many counted from one IP address.
ARTICLE_VIEWS_PER_IP = "60 per hour"
# Searches recorded for insights from one IP address (a query typed on is one): past this, the
# search answers unrecorded, so one address cannot flood a site's figures.
SEARCH_INSIGHTS_PER_IP = "60 per minute; 1000 per hour"

# Results per search page, and the most a caller may ask for.
SEARCH_PAGE_SIZE = 10
SEARCH_MAX_PAGE_SIZE = 50

# Articles returned for "help on this page".
CONTEXT_LIMIT = 5

# Seed the demo sites and help center into an empty database on start (the demo command sets it).
SEED_DEMO_ON_EMPTY = False


class DefaultAddress(str):
    """A PUBLIC_URL nobody set: the demo and `helpwidget serve` replace it by their own address."""


# Base address of this server as people reach it (https://help.example.com), for links in emails.
# Unset, the demo and `python wsgi.py` use the host and port they listen on.
PUBLIC_URL = DefaultAddress("http://127.0.0.1:5000")

# Tickets: requests per visitor and per IP (both limits apply) for opening tickets and commenting.
RATELIMIT_TICKETS = "5 per minute; 30 per hour"
RATELIMIT_COMMENTS = "20 per minute"
RATELIMIT_UPLOADS = "30 per minute"
RATELIMIT_ADVISOR_LOGIN = "10 per minute"

# Public posts of the help center (comments under articles, community questions and answers):
# per signed-in user and, separately, per IP (both apply). Flags (reports) the same way.
RATELIMIT_PUBLIC_POSTS = "5 per minute; 30 per day"
RATELIMIT_POST_FLAGS = "20 per hour"

# Attachments: folder outside the web root (empty means instance/uploads), size and count limits.
UPLOADS_DIR = ""
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
ATTACHMENTS_PER_MESSAGE = 10
# Uploads nobody attached to a ticket or comment are deleted after this many seconds.
UNCLAIMED_UPLOAD_TTL = 24 * 3600
# Bytes visitors may upload per hour: per visitor, per IP address and per site (all apply).
UPLOAD_BYTES_PER_VISITOR = 50 * 1024 * 1024
UPLOAD_BYTES_PER_IP = 200 * 1024 * 1024
UPLOAD_BYTES_PER_SITE = 2 * 1024 * 1024 * 1024
# When the uploads folder's disk has less free space than this, unclaimed uploads older than
# UNCLAIMED_UPLOAD_TTL_LOW_DISK seconds are deleted at once; new uploads wait for space.
UPLOADS_MIN_FREE_BYTES = 1024 * 1024 * 1024
UNCLAIMED_UPLOAD_TTL_LOW_DISK = 15 * 60
# Whole request bodies above this are refused before they are read (an upload plus form fields).
MAX_CONTENT_LENGTH = 11 * 1024 * 1024

# How long an advisor's API session lasts (seconds).
ADVISOR_TOKEN_TTL = 12 * 3600
# How long the emailed link of an advisor's invitation or forced password reset works (seconds).
ADVISOR_INVITATION_TTL = 72 * 3600

# The console's session cookie: unreadable by scripts, not sent with cross-site posts, and
# sent only over HTTPS when True. None means: True when PUBLIC_URL starts with https://.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = None
# The console's CSRF tokens last as long as its session (whose advisor token expires anyway).
WTF_CSRF_TIME_LIMIT = None

# Outgoing mail (SMTP). Every email waits in the outbox table until the server accepts it.
MAIL_SERVER = "127.0.0.1"
MAIL_PORT = 25
MAIL_USERNAME = ""
MAIL_PASSWORD = ""
MAIL_STARTTLS = False
MAIL_SSL = False
MAIL_TIMEOUT = 10.0
MAIL_FROM = "Help <help@localhost>"
# Emails a site may send per hour to addresses nobody verified (an anonymous requester's or a
# chat's typed address, every Cc), so the server cannot be used to mail strangers in bulk.
# Past it such emails are not sent (the request or chat itself is kept).
UNVERIFIED_MAIL_PER_SITE = "200 per hour"

# Incoming mail. With a reply address set, every email to a requester, Cc or chat visitor
# answers to it with a signed token after a "+" (reply+t1f-...@support.example.com), and replies
# received by `flask mail-in smtp` (a mail server forwards to it) or `flask mail-in imap` (a
# mailbox polled) land in their request or chat. Empty: emails answer to the site's address.
MAIL_REPLY_ADDRESS = ""
# Where `flask mail-in smtp` listens, and whether it speaks LMTP instead of SMTP.
MAIL_IN_HOST = "127.0.0.1"
MAIL_IN_PORT = 2525
MAIL_IN_LMTP = False
# The largest email taken (bytes); larger ones are refused in the SMTP session.
MAIL_IN_MAX_BYTES = 25 * 1024 * 1024
# The mailbox `flask mail-in imap` polls, and the seconds between polls.
IMAP_HOST = ""
IMAP_PORT = 993
IMAP_SSL = True
IMAP_USERNAME = ""
IMAP_PASSWORD = ""
IMAP_FOLDER = "INBOX"
IMAP_INTERVAL = 60.0
# The authserv-id your receiving mail server stamps on its Authentication-Results header
# (Postfix with OpenDKIM/OpenDMARC: its host name). Set, an email that server found forged
# (DMARC fail, or SPF fail without a passing DKIM signature) is never posted.
MAIL_IN_AUTHSERV_ID = ""
# New requests one sender may open per hour by writing to a site's support address.
MAIL_IN_TICKETS_PER_SENDER = 5
# Seconds an advisor's chat message waits unread before it goes to a visitor who left by email.
CHAT_EMAIL_GRACE_SECONDS = 120

# The outbox sender: run it inside this server process (the demo and `python wsgi.py` do),
# or as its own process with `flask --app wsgi outbox run`.
OUTBOX_WORKER = False
# Seconds between outbox passes, messages per pass, and the longest wait between retries.
OUTBOX_INTERVAL = 5.0
OUTBOX_BATCH = 50
OUTBOX_MAX_BACKOFF = 3600
# Seconds an alert webhook may take to answer.
WEBHOOK_TIMEOUT = 10.0
# Hosts alert webhooks may reach although they resolve to loopback or private addresses (an
# alert receiver on the operator's own network); every other such target is refused.
ALERT_WEBHOOK_ALLOWED_HOSTS = []

# Real-time (Socket.IO): async mode (threading, eventlet or gevent) and the message queue
# that lets several server processes share rooms (redis://127.0.0.1:6379/0); empty for one process.
# `python wsgi.py` serves with eventlet unless HELPWIDGET_SOCKETIO_ASYNC_MODE says otherwise.
SOCKETIO_ASYNC_MODE = "threading"
MESSAGE_QUEUE = ""
# Redis channel the processes of one deployment share; deployments on one Redis need their own.
MESSAGE_QUEUE_CHANNEL = "helpwidget"

# Reverse proxies in front of the app (nginx: 1) whose X-Forwarded-For and X-Forwarded-Proto
# are trusted: per-IP rate limits then count the client's address, not the proxy's, and links
# use the scheme the client used. 0 when clients connect directly (the headers are ignored).
TRUSTED_PROXIES = 0

# `python wsgi.py`: address to listen on, and the most connections (WebSocket or polling) one
# eventlet process holds at once.
HOST = "127.0.0.1"
PORT = 5000
SERVER_MAX_CONNECTIONS = 10000

# Werkzeug's method for advisor passwords: scrypt at its default cost (slow on purpose).
PASSWORD_HASH_METHOD = "scrypt"

# Live chat.
# Seconds a console connection counts as live without being refreshed (a crashed process's
# advisors stop counting after this); connections are refreshed every PRESENCE_TTL / 3.
PRESENCE_TTL = 60
# Seconds within which a widget held by another process closes after its session ends (logout).
WIDGET_SWEEP_SECONDS = 5
# Seconds within which a console held by another process closes after its advisor session ends
# (sign-out, a password change, deactivation), with or without a message queue.
CONSOLE_SWEEP_SECONDS = 5
# Longest chat message, in characters.
CHAT_MESSAGE_MAX = 5000
# How often (seconds) queued chats are checked for having waited too long (see chat_wait_minutes).
CHAT_WAIT_CHECK_INTERVAL = 30
# Messages a visitor may send per minute in chats.
RATELIMIT_CHAT_MESSAGES = "60 per minute"
# New chats per IP address (fresh visitor tokens never reset it).
RATELIMIT_CHAT_START = "5 per minute; 30 per hour"
# Transcripts emailed per visitor and, separately, per IP address; only of chats closed within
# CHAT_TRANSCRIPT_WINDOW seconds, to the identified user's address or the one the chat began with.
RATELIMIT_TRANSCRIPTS = "3 per hour"
RATELIMIT_TRANSCRIPTS_IP = "10 per hour"
CHAT_TRANSCRIPT_WINDOW = 3600
# Socket.IO events one connection may send: per second on average, and at once. Typing signals
# have their own, tighter allowance; the excess is dropped (a newer signal says the same).
SOCKET_EVENTS_PER_SECOND = 20
SOCKET_EVENT_BURST = 60
SOCKET_TYPING_PER_SECOND = 1
SOCKET_TYPING_BURST = 3

# The embeddable widget: folder of the built loader and panel files and their .br/.gz variants;
# empty means the package's own build (helpwidget/widget/dist, written by widget_static's build).
WIDGET_DIST_DIR = ""

# Internet speed test: the most bytes one download or upload moves (the panel asks for less),
# and requests per IP address to its ping, download and upload endpoints together.
SPEEDTEST_MAX_BYTES = 20 * 1024 * 1024
RATELIMIT_SPEEDTEST = "60 per minute; 600 per hour"
# Bytes the speed test moves (down and up together) per visitor and per IP address, per hour.
SPEEDTEST_BYTES_PER_VISITOR = 200 * 1024 * 1024
SPEEDTEST_BYTES_PER_IP = 1024 * 1024 * 1024

# Serve /demo, a pretend host product that embeds the widget and signs demo users in
# (`flask demo` turns it on). Only for trying the widget out; keep it off in production.
DEMO_HOST = False

# List every help center served here on /help/. Off: the list of tenants is nobody's business
# (each help center stays at /help/<site>/). The demo (DEMO_HOST) lists them.
HELPCENTER_SITE_LIST = False
