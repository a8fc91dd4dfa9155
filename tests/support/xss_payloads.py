"""XSS payloads for the proof runs: each one, if it ever ran, would make itself seen.

Every payload that executes calls a sink the tests watch: `alert(N)` (any dialog fails the
test), `__xss(N)` (defined by the test in every frame) or a request to SENTINEL + N (any
request there fails the test). N is the payload's id: `§` in the texts below, or the
argument of the functions that build a text.
"""
import base64
import unicodedata
from typing import NamedTuple

SENTINEL = "http://127.0.0.1:1/xss-"
MAX_CHARS = 140  # a ticket subject's limit: every payload fits in every field


class Payload(NamedTuple):
    """One payload: its id, the trick it tries and its text."""

    id: int
    family: str
    text: str


def _script_b64(number):
    """Return a script calling alert(number) as base64, for data: URLs."""
    return base64.b64encode(f"<script>alert({number})</script>".encode()).decode()


_RAW = [
    # Script tags, plain and broken.
    ("script", "<script>alert(§)</script>"),
    ("script", "<SCRIPT SRC=" + SENTINEL + "§.js></SCRIPT>"),
    ("script", "<script>fetch('" + SENTINEL + "§')</script>"),
    ("script", "<script>__xss(§)</script>"),
    ("script", "<<script>alert(§);//<</script>"),
    ("script", "<scr<script>ipt>alert(§)</scr</script>ipt>"),
    ("script", "<script>alert(§)"),
    ("script", "<script src=data:text/javascript,alert(§)></script>"),
    # Breaking out of attributes and raw-text elements.
    ("breakout", "\"><script>alert(§)</script>"),
    ("breakout", "'><img src=x onerror=alert(§)>"),
    ("breakout", "</textarea><script>alert(§)</script>"),
    ("breakout", "</title><script>alert(§)</script>"),
    ("breakout", "</script><script>alert(§)</script>"),
    ("breakout", "\" autofocus onfocus=\"alert(§)"),
    ("breakout", "' onmouseover='alert(§)' x='"),
    ("breakout", "</style><svg onload=alert(§)>"),
    # Event handlers on many elements.
    ("handler", "<img src=x onerror=alert(§)>"),
    ("handler", "<IMG SRC=x OnErRoR=alert(§)>"),
    ("handler", "<img/src=x/onerror=alert(§)>"),
    ("handler", "<img src=`x` onerror=alert(§)>"),
    ("handler", "<img src=x:alert(§) onerror=eval(src)>"),
    ("handler", "<body onload=alert(§)>"),
    ("handler", "<svg onload=alert(§)>"),
    ("handler", "<input autofocus onfocus=alert(§)>"),
    ("handler", "<select autofocus onfocus=alert(§)></select>"),
    ("handler", "<textarea autofocus onfocus=alert(§)></textarea>"),
    ("handler", "<details open ontoggle=alert(§)>x</details>"),
    ("handler", "<video><source onerror=alert(§)></video>"),
    ("handler", "<audio src=x onerror=alert(§)>"),
    ("handler", "<marquee onstart=alert(§)>x</marquee>"),
    ("handler", "<x onclick=alert(§)>click</x>"),
    ("handler", "<div onmouseover=\"alert(§)\" style=\"position:fixed;inset:0\">x</div>"),
    ("handler", "<a href=\"#\" onclick=\"alert(§)\">x</a>"),
    # Script URLs in links, images and frames, plain and disguised.
    ("url", "<a href=\"javascript:alert(§)\">click</a>"),
    ("url", "<a href=\"JaVaScRiPt:alert(§)\">click</a>"),
    ("url", "<a href=\"  javascript:alert(§)\">click</a>"),
    ("url", "<a href=\"java\nscript:alert(§)\">click</a>"),
    ("url", "<a href=\"jav&#x09;ascript:alert(§)\">click</a>"),
    ("url", "<a href=\"javas&#99;ript:alert(§)\">click</a>"),
    ("url", "<a href=\"javascript&colon;alert(§)\">click</a>"),
    ("url", "<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;:alert(§)\">x</a>"),
    ("url", "<a href=\"vbscript:msgbox(§)\">click</a>"),
    ("url", lambda n: f"<a href=\"data:text/html;base64,{_script_b64(n)}\">x</a>"),
    ("url", "<img src=\"javascript:alert(§)\">"),
    ("url", "<img src=\"data:image/svg+xml,<svg onload=alert(§)>\">"),
    ("url", "<iframe src=\"javascript:alert(§)\"></iframe>"),
    ("url", "<table background=\"javascript:alert(§)\"><tr><td>x</td></tr></table>"),
    # SVG and MathML.
    ("svg", "<svg><script>alert(§)</script></svg>"),
    ("svg", "<svg><animate onbegin=alert(§) attributeName=x dur=1s>"),
    ("svg", "<svg><set onbegin=alert(§) attributeName=x to=1>"),
    ("svg", "<svg><a><animate attributeName=href values=javascript:alert(§) /><text y=9>x</text>"
            "</a></svg>"),
    ("svg", "<svg><foreignObject><iframe srcdoc=\"<script>parent.alert(§)</script>\">"),
    ("mathml", "<math><maction actiontype=statusline xlink:href=javascript:alert(§)>x</maction>"),
    ("mathml", "<math><mtext><table><mglyph><style><img src=x onerror=alert(§)>"),
    # Frames, objects and documents inside documents.
    ("frame", "<iframe srcdoc=\"<script>parent.alert(§)</script>\"></iframe>"),
    ("frame", "<object data=\"javascript:alert(§)\"></object>"),
    ("frame", "<embed src=\"data:text/html,<script>alert(§)</script>\">"),
    ("frame", "<template><img src=x onerror=alert(§)></template>"),
    ("frame", "<noscript><p title=\"</noscript><img src=x onerror=alert(§)>\">"),
    ("frame", "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(§)\">"),
    ("frame", "<base href=\"" + SENTINEL + "§/\">"),
    ("frame", "<form action=\"javascript:alert(§)\"><button>go</button></form>"),
    ("frame", "<button formaction=\"javascript:alert(§)\">go</button>"),
    # CSS.
    ("css", "<style>@import '" + SENTINEL + "§';</style>"),
    ("css", "<div style=\"background:url(javascript:alert(§))\">x</div>"),
    ("css", "<div style=\"width:expression(alert(§))\">x</div>"),
    ("css", "<link rel=stylesheet href=" + SENTINEL + "§.css>"),
    # Broken and unclosed markup, comments and CDATA.
    ("broken", "<img src=x onerror=alert(§)"),
    ("broken", "<svg/onload=alert(§)//"),
    ("broken", "<!--<img src=\"--><img src=x onerror=alert(§)//\">"),
    ("broken", "<![CDATA[<img src=x onerror=alert(§)>]]>"),
    ("broken", "<a href=\"javascript:alert(§)\"<b>x</b>"),
    # Unicode tricks.
    ("unicode", "\uff1cscript\uff1ealert(§)\uff1c/script\uff1e"),
    ("unicode", "\u202e<img src=x onerror=alert(§)>"),
    ("unicode", "<im\u200bg src=x onerror=alert(§)>"),
    ("unicode", "<a href=\"java\u200bscript:alert(§)\">x</a>"),
    ("unicode", "<a href=\"\uff4a\uff41\uff56\uff41\uff53\uff43\uff52\uff49\uff50\uff54:alert(§)\">"
                "x</a>"),
    ("unicode", "<a href=\"j\u0430vascript:alert(§)\">x</a>"),
    ("unicode", "<scr\x00ipt>alert(§)</scr\x00ipt>"),
    ("unicode", "<img src=x o\x00nerror=alert(§)>"),
    ("unicode", "<a href=\"javascript\x00:alert(§)\">x</a>"),
    # Markdown: links, images, autolinks, references and raw HTML blocks.
    ("markdown", "[click](javascript:alert(§))"),
    ("markdown", "[click](JAVASCRIPT:alert(§))"),
    ("markdown", "[click](javascript&#58;alert(§))"),
    ("markdown", "[click](<javascript:alert(§)>)"),
    ("markdown", "![x](javascript:alert(§))"),
    ("markdown", "![x](x\" onerror=\"alert(§))"),
    ("markdown", lambda n: f"[x](data:text/html;base64,{_script_b64(n)})"),
    ("markdown", "<javascript:alert(§)>"),
    ("markdown", "[ref]\n\n[ref]: javascript:alert(§)"),
    ("markdown", "<div>\n<img src=x onerror=alert(§)>\n</div>"),
    ("markdown", "<a href=javascript:alert(§)>**bold**</a>"),
    ("markdown", "`<img src=x onerror=alert(§)>` <img src=x onerror=alert(§)>"),
    # Template engines and plain text that only looks dangerous.
    ("template", "{{constructor.constructor('alert(§)')()}}"),
    ("template", "${alert(§)} #{alert(§)} <%= alert(§) %>"),
    ("template", "javascript:alert(§)"),
]

PAYLOADS = [Payload(number, family, text(number) if callable(text)
                    else text.replace("§", str(number)))
            for number, (family, text) in enumerate(_RAW, start=1)]

# Characters browsers or the app may drop or fold: ignored when checking text is shown.
_IGNORED = {"Cc", "Cf", "Zs", "Zl", "Zp", "Co", "Cs", "Cn"}


def visible_form(text):
    """Return text as compared on screen: NFC, without white space or invisible characters."""
    return "".join(c for c in unicodedata.normalize("NFC", text)
                   if unicodedata.category(c) not in _IGNORED and c != "\ufffd")


def shown(payload_text, screen_text):
    """Tell whether a payload's text appears, as text, in what a page shows."""
    return visible_form(payload_text) in visible_form(screen_text)


def chunks(texts, limit, separator=" | "):
    """Pack texts into strings of at most `limit` characters, in order."""
    packed, current = [], ""
    for text in texts:
        candidate = current + separator + text if current else text
        if current and len(candidate) > limit:
            packed.append(current)
            current = text
        else:
            current = candidate
    if current:
        packed.append(current)
    return packed
