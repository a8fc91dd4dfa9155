"""The indexable form of an article, built from the Article model."""
import html
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from markdown_it import MarkdownIt

_markdown = MarkdownIt("commonmark").enable("table").enable("strikethrough")
_TAG_RE = re.compile(r"<[^>]*>")
_BLOCK_END = ("paragraph_close", "heading_close", "list_item_close", "tr_close",
              "blockquote_close")


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


def markdown_to_text(source):
    """Render Markdown to plain text: words of paragraphs, headings, lists, code and alt text."""
    parts = []
    for token in _markdown.parse(source or ""):
        if token.type == "inline":
            parts.append(_inline_text(token.children or []))
        elif token.type in ("fence", "code_block"):
            parts.append(token.content.strip() + "\n")
        elif token.type == "html_block":
            parts.append(html.unescape(_TAG_RE.sub(" ", token.content)).strip() + "\n")
        elif token.type in _BLOCK_END:
            parts.append("\n")
        elif token.type in ("th_close", "td_close"):
            parts.append(" ")
    text = re.sub(r"[ \t]+", " ", "".join(parts))
    return re.sub(r"\s*\n\s*", "\n", text).strip()


def _inline_text(children):
    """Join the visible text of an inline token's children."""
    out = []
    for child in children:
        if child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append(" ")
        elif child.type == "image":
            out.append(_inline_text(child.children or []))
    return "".join(out)


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
        body=markdown_to_text(article.body_md),
        tags=list(article.tags or []),
        kind=article.kind or "article",
        category_slug=category.slug if category else None,
        category_title=category.title if category else None,
        audience=list(article.audience or []),
        published=bool(article.published),
        updated=article.updated_at or datetime.now(UTC),
        views=article.views or 0,
    )
