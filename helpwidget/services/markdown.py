"""Markdown to sanitized HTML, and to plain text for search."""
import html
import re

import nh3
from markdown_it import MarkdownIt

_md = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")

# Tags and attributes an article may use; everything else (scripts, styles, handlers) goes.
_TAGS = {"a", "p", "br", "hr", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li",
         "h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "img",
         "del", "s"}
_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "th": {"align"},
               "td": {"align"}, "ol": {"start"}}
_TAG_RE = re.compile(r"<[^>]+>")


def render(text):
    """Render Markdown to HTML safe to insert into any page."""
    return nh3.clean(_md.render(text or ""), tags=_TAGS, attributes=_ATTRIBUTES,
                     url_schemes={"http", "https", "mailto", "tel"},
                     link_rel="noopener noreferrer nofollow")


def plain_text(text):
    """Return the readable words of a Markdown text, without markup."""
    rendered = _TAG_RE.sub(" ", _md.render(text or ""))
    return re.sub(r"\s+", " ", html.unescape(rendered)).strip()
