"""The help center's articles as a folder of Markdown files with YAML front matter: import, export.

The files are input like the API's: they are checked with the same schema before the articles
service stores them. The console's zip archives (services/article_archive.py) use this layout.
"""
import os
import re
from dataclasses import dataclass, field
from datetime import date, datetime

import frontmatter
import yaml
from flask import current_app
from marshmallow import ValidationError
from slugify import slugify

from helpwidget.errors import AppError
from helpwidget.extensions import db
from helpwidget.models import Article, Category
from helpwidget.services import articles

CATEGORIES_FILE = "_categories.yaml"
BATCH = 500
_TEXT = ("title", "slug", "locale", "category", "summary", "kind", "video_url")
_LISTS = ("tags", "routes", "audience")
# How authors write the kinds: "video guide", "Download_Guide", "question"...
_KIND_ALIASES = {"article": "article", "guide": "article", "how to": "article",
                 "faq": "faq", "question": "faq", "video": "video", "video guide": "video",
                 "download": "download", "download guide": "download"}


@dataclass
class ImportReport:
    """What an import did: saved articles and files refused with their reason."""

    imported: list = field(default_factory=list)
    errors: list = field(default_factory=list)


def import_folder(site, folder, locale=None, *, load):
    """Import every Markdown file under `folder`; bad files are reported, the rest imported.

    `load` validates one file's fields as the API's input (schemas.article_files, from the edge).
    """
    report, pending, seen = ImportReport(), [], {}
    for directory, _, names in sorted(os.walk(folder)):
        if CATEGORIES_FILE in names:
            # Exports keep each language's list in a folder named after it: es/_categories.yaml.
            folder_locale = os.path.basename(directory)
            if folder_locale not in current_app.config["LOCALES"]:
                folder_locale = locale
            _import_categories(site, os.path.join(directory, CATEGORIES_FILE), folder_locale,
                               report)
        for name in sorted(n for n in names if n.endswith((".md", ".markdown"))):
            path = os.path.join(directory, name)
            try:
                item = read_article(path, site, locale, load)
                key = (item["locale"], item["slug"])
                if key in seen:
                    raise ValueError(f"slug '{item['slug']}' is also used by {seen[key]}")
                seen[key] = path
                pending.append((path, item))
            except (ValueError, AppError) as error:
                report.errors.append((path, str(error)))
    db.session.commit()
    docs = []
    for start in range(0, len(pending), BATCH):
        batch = pending[start:start + BATCH]
        _, stored = articles.store_articles(site, [item for _, item in batch])
        report.imported.extend((path, d.locale, d.slug) for (path, _), d in zip(batch, stored))
        docs.extend(stored)
    # One index write for the whole import: fewer, larger segments index much faster.
    articles.index_documents(docs)
    return report


def read_article(path, site, locale, load):
    """Parse and validate one file; raise ValueError with the reason if it is bad."""
    try:
        with open(path, encoding="utf-8-sig") as source:  # editors on Windows add a BOM
            post = frontmatter.loads(source.read())
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise ValueError(f"unreadable front matter: {error}".splitlines()[0]) from None
    data = {k: _text(v) if k in _TEXT else _listed(v) if k in _LISTS else v
            for k, v in post.metadata.items()}
    if isinstance(data.get("kind"), str):
        data["kind"] = _KIND_ALIASES.get(re.sub(r"[\s_-]+", " ", data["kind"].lower()).strip(),
                                         data["kind"])
    data.setdefault("slug", slugify(os.path.splitext(os.path.basename(path))[0], max_length=200))
    data["body"] = post.content
    data.setdefault("locale", locale or site.default_locale)
    try:
        item = load(data)
    except ValidationError as error:
        raise ValueError(_describe(error.messages)) from None
    try:
        articles.check_for_site(site, item)
    except AppError as error:
        raise ValueError(_describe(error.fields) or str(error.message)) from None
    return item


def export_folder(site, folder, locale=None):
    """Write the site's articles as <folder>/<locale>/<slug>.md plus categories; return count."""
    query = db.select(Article).filter_by(site_id=site.id).order_by(Article.locale, Article.slug)
    if locale:
        query = query.filter_by(locale=locale)
    count = 0
    for article in db.session.execute(query).scalars():
        target = os.path.join(folder, article.locale)
        os.makedirs(target, exist_ok=True)
        post = frontmatter.Post(article.body_md, **_front_matter(article))
        with open(os.path.join(target, article.slug + ".md"), "w", encoding="utf-8") as out:
            out.write(frontmatter.dumps(post, sort_keys=False, allow_unicode=True) + "\n")
        count += 1
    _export_categories(site, folder, locale)
    return count


def _front_matter(article):
    """Return the front matter keys of an article, leaving out empty ones."""
    meta = {"title": article.title, "slug": article.slug, "locale": article.locale,
            "category": article.category.slug if article.category else "",
            "kind": article.kind, "summary": article.summary, "tags": article.tags,
            "routes": article.route_patterns, "audience": article.audience,
            "video_url": article.video_url, "published": article.published}
    return {k: v for k, v in meta.items() if v not in ("", [], None) or k == "published"}


def _export_categories(site, folder, locale):
    """Write each locale's categories, in order, to its _categories.yaml."""
    query = db.select(Category).filter_by(site_id=site.id).order_by(Category.position)
    by_locale = {}
    for category in db.session.execute(query).scalars():
        if locale in (None, category.locale):
            by_locale.setdefault(category.locale, []).append(
                {"slug": category.slug, "title": category.title,
                 "description": category.description})
    for code, entries in by_locale.items():
        os.makedirs(os.path.join(folder, code), exist_ok=True)
        with open(os.path.join(folder, code, CATEGORIES_FILE), "w", encoding="utf-8") as out:
            yaml.safe_dump(entries, out, allow_unicode=True, sort_keys=False)


def _import_categories(site, path, locale, report):
    """Create or update the categories listed in a _categories.yaml, in its order."""
    try:
        with open(path, encoding="utf-8") as source:
            entries = yaml.safe_load(source) or []
        if not isinstance(entries, list):
            raise ValueError("expected a list of {slug, title, description}")
        for position, entry in enumerate(entries, start=1):
            title = str(entry.get("title") or entry.get("slug") or "").strip()
            if not title:
                raise ValueError(f"entry {position} has no title")
            code = str(entry.get("locale") or locale or site.default_locale)
            if code not in current_app.config["LOCALES"]:
                raise ValueError(f"'{code}' is not one of the configured locales")
            slug = slugify(str(entry.get("slug") or title), max_length=200)
            articles.save_category(site, code, slug, title[:200],
                                   str(entry.get("description") or ""), position)
    except (ValueError, AttributeError, yaml.YAMLError, AppError) as error:
        report.errors.append((path, str(error).splitlines()[0]))


def _text(value):
    """Read YAML scalars (numbers, dates) as the text the author wrote."""
    if isinstance(value, (int, float, date, datetime)) and not isinstance(value, bool):
        return str(value)
    return value


def _listed(value):
    """Accept a list or a comma-separated string for list fields."""
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if isinstance(value, list):
        return [_text(v) for v in value]
    return value if value is not None else []


def _describe(messages):
    """Flatten validation messages into one line: 'field: message; ...'."""
    return "; ".join(f"{name}: {' '.join(_flatten(problems))}" for name, problems in
                     messages.items())


def _flatten(problems):
    """Yield the message strings of a (possibly nested) marshmallow error value."""
    if isinstance(problems, dict):
        for value in problems.values():
            yield from _flatten(value)
    elif isinstance(problems, (list, tuple)):
        for value in problems:
            yield from _flatten(value)
    else:
        yield str(problems)
