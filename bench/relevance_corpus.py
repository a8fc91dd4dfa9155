"""A held-out relevance corpus: LibreOffice's help (en, es, pl), as Debian ships it.

Articles are the help pages: title = the page's h1, body = its text without its description
paragraph (the first `<span class="avis">` after the h1). Queries come from the help's own
material, never from the text they must find: each page's description (one sentence naming
the page a user needs), and the index keywords of bookmarks.js ("X -- Y" becomes "X Y").
Each query is in the dev or the test half by a hash of its page's path: tune on dev only.
"""
import glob
import hashlib
import html
import os
import re
import subprocess
import tempfile
from dataclasses import dataclass

from helpwidget.search.document import html_to_text

INSTALLED = "/usr/share/libreoffice/help"
CACHE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "cache", "libreoffice")
PACKAGES = ("libreoffice-help-en-us", "libreoffice-help-es", "libreoffice-help-pl")
# Help folder of each of our locales.
FOLDERS = {"en": "en-US", "es": "es", "pl": "pl"}
MIN_DESCRIPTION_WORDS = 5
MIN_BODY_WORDS = 30
SITE = "libreoffice"

_AREA_RE = re.compile(r'<div id="DisplayArea".*?>(.*?)<div id="SearchFrame"', re.S)
_H1_RE = re.compile(r"<h1\b[^>]*>(.*?)</h1>", re.S)
_AVIS = '<span class="avis">'
_DROP_RE = re.compile(r"<(script|style)\b.*?</\1>|<meta\b[^>]*>", re.S | re.I)
_BOOKMARK_RE = re.compile(r'\{url:"([^"]+)", app:"[^"]*", text:"((?:[^"\\]|\\.)*)"\}')
# A few translated pages hold stray control characters, which YAML front matter refuses.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_MARKDOWN_RE = re.compile(r"([\\`*_{}\[\]<>#|!])")


@dataclass
class Page:
    """One help page as an article, plus its description."""

    path: str  # e.g. text/shared/01/06040000.html, the same in every language
    slug: str
    title: str
    description: str
    body: str


@dataclass
class Query:
    """A query and the slugs that answer it."""

    kind: str  # "description" or "keywords"
    text: str
    wanted: frozenset
    split: str  # "dev" or "test"
    key: str  # orders a deterministic sample


def help_root(source=None):
    """Return the folder holding en-US/, es/ and pl/, downloading the packages if needed."""
    for root in (source, INSTALLED, os.path.join(CACHE, "usr/share/libreoffice/help")):
        if root and all(os.path.isdir(os.path.join(root, f, "text")) for f in FOLDERS.values()):
            return root
    if source:
        raise SystemExit(f"{source} holds no en-US/, es/ and pl/ help folders")
    os.makedirs(CACHE, exist_ok=True)
    with tempfile.TemporaryDirectory() as download:
        subprocess.run(["apt-get", "download", *PACKAGES], cwd=download, check=True)
        for deb in glob.glob(os.path.join(download, "*.deb")):
            subprocess.run(["dpkg-deb", "-x", deb, CACHE], check=True)
    return os.path.join(CACHE, "usr/share/libreoffice/help")


def split_of(path):
    """Return "dev" or "test" for a page path, the same on every machine."""
    return "dev" if hashlib.sha1(path.encode()).digest()[0] % 2 == 0 else "test"


def _text(fragment, lines=False):
    """Return the plain text of an HTML fragment of a help page, on one line unless `lines`."""
    text = _CONTROL_RE.sub(" ", html_to_text(_DROP_RE.sub(" ", fragment)))
    return re.sub(r"[ \t]+" if lines else r"\s+", " ", text).strip()


def parse_page(root, folder, path):
    """Return the Page of one help file, or None when it has no title."""
    with open(os.path.join(root, folder, path), encoding="utf-8") as source:
        document = source.read()
    area = _AREA_RE.search(document)
    h1 = _H1_RE.search(area.group(1)) if area else None
    if not h1:
        return None
    content = area.group(1)
    title = _text(h1.group(1))
    after = content[h1.end():]
    description = ""
    avis = after.find(_AVIS)
    if avis >= 0:
        start = after.rfind("<p", 0, avis)
        start = avis if start < 0 else start
        end = after.find("</p>", avis)
        end = len(after) if end < 0 else end + len("</p>")
        description = _text(after[start:end])
        after = after[:start] + "\n" + after[end:]
    body = _text(content[:h1.start()] + "\n" + after, lines=True)
    if description:
        # The description may be repeated further down; the query must not find itself.
        body = body.replace(description, " ")
    slug = re.sub(r"[^a-z0-9]+", "-", path[len("text/"):-len(".html")].lower()).strip("-")
    return Page(path, slug, title[:300], description, body)


def load_pages(root, locale):
    """Return the kept pages of a locale: a body of enough words, by path."""
    folder = FOLDERS[locale]
    pages = {}
    for full in sorted(glob.glob(os.path.join(root, folder, "text", "**", "*.html"),
                                 recursive=True)):
        path = os.path.relpath(full, os.path.join(root, folder))
        page = parse_page(root, folder, path)
        if (page and len(page.description.split()) >= MIN_DESCRIPTION_WORDS
                and len(page.body.split()) >= MIN_BODY_WORDS):
            pages[path] = page
    return pages


def description_queries(pages):
    """Return one query per distinct description; any page bearing it is an answer."""
    grouped = {}
    for page in pages.values():
        key = re.sub(r"\s+", " ", page.description.casefold()).strip()
        grouped.setdefault(key, (page.description, []))[1].append(page)
    out = []
    for text, group in grouped.values():
        first = min(p.path for p in group)
        out.append(Query("description", text, frozenset(p.slug for p in group),
                         split_of(first), first))
    return out


def keyword_queries(root, locale, pages):
    """Return one query per index keyword ("X -- Y" -> "X Y") of the kept pages."""
    folder = FOLDERS[locale]
    with open(os.path.join(root, folder, "bookmarks.js"), encoding="utf-8") as source:
        script = source.read()
    grouped = {}
    for url, text in _BOOKMARK_RE.findall(script):
        path = url.split("?")[0].split("#")[0][len(folder) + 1:]
        if path not in pages:
            continue
        text = re.sub(r"\s+", " ", html.unescape(text.replace('\\"', '"')).replace("--", " "))
        text = text.strip()
        if text:
            grouped.setdefault(text.casefold(), (text, set()))[1].add(path)
    out = []
    for text, paths in grouped.values():
        first = min(paths)
        out.append(Query("keywords", text, frozenset(pages[p].slug for p in paths),
                         split_of(first), text.casefold()))
    return out


def sample(queries, split, limit):
    """Return at most `limit` queries of a split, the same ones on every run."""
    chosen = [q for q in queries if split in ("all", q.split)]
    chosen.sort(key=lambda q: hashlib.sha1(q.key.encode()).hexdigest())
    return chosen[:limit] if limit else chosen


def write_articles(pages, folder, locale):
    """Write the pages as Markdown files with front matter for `articles import`."""
    target = os.path.join(folder, locale)
    os.makedirs(target, exist_ok=True)
    for page in pages.values():
        paragraphs = [_MARKDOWN_RE.sub(r"\\\1", line) for line in page.body.split("\n")]
        title = page.title.replace('"', "'").replace("\\", "/")
        with open(os.path.join(target, page.slug + ".md"), "w", encoding="utf-8") as out:
            out.write(f'---\ntitle: "{title}"\nslug: {page.slug}\nlocale: {locale}\n---\n')
            out.write("\n\n".join(paragraphs) + "\n")


def build(root, folder):
    """Write every locale's articles under `folder`; return {locale: (pages, queries)}."""
    corpus = {}
    for locale in FOLDERS:
        pages = load_pages(root, locale)
        write_articles(pages, folder, locale)
        corpus[locale] = (pages, description_queries(pages)
                          + keyword_queries(root, locale, pages))
    return corpus
