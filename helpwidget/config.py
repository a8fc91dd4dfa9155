"""Default settings; instance/config.py and HELPWIDGET_* environment variables override them."""

# Signs the advisor console's session cookies; set a long random value in production.
SECRET_KEY = "dev-only-change-me"

# SQLAlchemy URL. Empty means SQLite in the instance folder (instance/helpwidget.sqlite).
# PostgreSQL: postgresql+psycopg://user@127.0.0.1:5432/helpwidget
DATABASE_URL = ""

# Folder of the Whoosh index. Empty means instance/index.
SEARCH_INDEX_DIR = ""

# Seconds a process waits for the index writer lock held by another process.
SEARCH_WRITE_TIMEOUT = 30.0

# Locales the product speaks: help center content, API errors and the help center pages.
LOCALES = ["en", "es", "pl"]
DEFAULT_LOCALE = "en"

# Longest lifetime (seconds) accepted for a host app's identity token, so a leaked one expires soon.
IDENTITY_MAX_TTL = 24 * 3600

# How long an anonymous visitor token stays valid without use (seconds).
VISITOR_TOKEN_TTL = 180 * 24 * 3600

# Storage of rate-limit counters: memory:// for one process, redis://127.0.0.1:6379 for several.
RATELIMIT_STORAGE_URI = "memory://"

# Requests per visitor and IP for creating visitor sessions and sending feedback.
RATELIMIT_SESSION = "30 per minute"
RATELIMIT_FEEDBACK = "20 per minute"

# Results per search page, and the most a caller may ask for.
SEARCH_PAGE_SIZE = 10
SEARCH_MAX_PAGE_SIZE = 50

# Articles returned for "help on this page".
CONTEXT_LIMIT = 5

# Seed the demo sites and help center into an empty database on start (the demo command sets it).
SEED_DEMO_ON_EMPTY = False
