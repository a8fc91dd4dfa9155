"""Article Markdown to HTML that is safe to insert into any page."""
import cmarkgfm
import nh3
from cmarkgfm.cmark import Options

# Raw HTML is allowed in articles (imported help content often has some); nh3 cleans it.
_OPTIONS = Options.CMARK_OPT_UNSAFE
# GitHub's tables and strikethrough on top of CommonMark; cmark-gfm is the C reference
# implementation, a dozen times faster than a Python parser on a bulk import.
_EXTENSIONS = ["table", "strikethrough"]

# Tags and attributes an article may use; everything else (scripts, styles, handlers) goes.
_TAGS = {"a", "p", "br", "hr", "strong", "em", "b", "i", "u", "code", "pre", "kbd", "sub", "sup",
         "blockquote", "ul", "ol", "li", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6",
         "table", "thead", "tbody", "tr", "th", "td", "img", "del", "s", "div", "span",
         "details", "summary"}
_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title", "width", "height"},
               "th": {"align", "colspan", "rowspan"}, "td": {"align", "colspan", "rowspan"},
               "ol": {"start"}}


def render(text):
    """Render Markdown to sanitized HTML."""
    html = cmarkgfm.markdown_to_html_with_extensions(text or "", options=_OPTIONS,
                                                      extensions=_EXTENSIONS)
    return nh3.clean(html, tags=_TAGS, attributes=_ATTRIBUTES,
                     url_schemes={"http", "https", "mailto", "tel"},
                     link_rel="noopener noreferrer nofollow")
