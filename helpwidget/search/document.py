"""The indexable form of an article, built from the Article model."""
import html
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

_TAG_RE = re.compile(r"<[^>]*>")
_ALT_RE = re.compile(r"<img\b[^>]*?\balt=\"([^\"]*)\"[^>]*>", re.I)
# Ends of blocks become line breaks so words of two blocks never run together.
_BLOCK_RE = re.compile(r"</(?:p|h[1-6]|li|tr|blockquote|pre|div|dd|dt|summary)>|<br\s*/?>", re.I)
_CELL_RE = re.compile(r"</t[hd]>", re.I)


@dataclass
class ArticleDoc:
    """One article as the search index sees it: plain text plus filter and display fields."""

    id: int
    site: str
    locale: str
    slug: str
    title: str
    summary: str = ""
    body: str = ""
    tags: list[str] = field(default_factory=list)
    kind: str = "article"
    category_slug: str | None = None
    category_title: str | None = None
    audience: list[str] = field(default_factory=list)
    published: bool = True
    updated: datetime = field(default_factory=lambda: datetime.now(UTC))
    views: int = 0


def html_to_text(body_html):
    """Return the readable words of sanitized article HTML: text, code and image alt text."""
    text = _ALT_RE.sub(lambda m: " " + m.group(1) + " ", body_html or "")
    text = _CELL_RE.sub(" ", _BLOCK_RE.sub("\n", text))
    text = re.sub(r"[ \t]+", " ", html.unescape(_TAG_RE.sub("", text)))
    return re.sub(r"\s*\n\s*", "\n", text).strip()


def document_for(article):
    """Build the ArticleDoc of an Article model."""
    category = article.category
    return ArticleDoc(
        id=article.id,
        site=article.site.key,
        locale=article.locale,
        slug=article.slug,
        title=article.title or "",
        summary=article.summary or "",
        body=html_to_text(article.body_html),
        tags=list(article.tags or []),
        kind=article.kind or "article",
        category_slug=category.slug if category else None,
        category_title=category.title if category else None,
        audience=list(article.audience or []),
        published=bool(article.published),
        updated=article.updated_at or datetime.now(UTC),
        views=article.views or 0,
    )
