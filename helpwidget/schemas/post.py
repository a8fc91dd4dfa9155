"""What crosses the edge for public posts: what users and advisors write, and how posts show."""
import re

from flask import url_for
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape
from marshmallow import fields, post_load, validate

from helpwidget.models.base import iso
from helpwidget.models.post import KINDS, LINK, STATES
from helpwidget.schemas.base import BaseSchema, Int, Str, Text, in_range, max_length, one_of

BODY_MAX = 4000
TITLE_MIN, TITLE_MAX = 8, 200
REASON_MAX = 500
# The honeypot: a field people never see (hidden in the page) but form-filling bots do fill.
HONEYPOT = "website"


def clean_text(text, limit):
    """Return plain text as stored: no NUL or control characters, tidy line ends, bounded."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(ch for ch in text if ch == "\n" or ch == "\t" or ord(ch) >= 32)
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    return text[:limit]


def render(text):
    """Render a post's plain text as safe HTML: escaped, http(s) links made links, line breaks."""
    out, last = [], 0
    for match in LINK.finditer(text or ""):
        url = match.group().rstrip(".,;:!?)")
        out.append(escape(text[last:match.start()]))
        href = url if url.lower().startswith("http") else "https://" + url
        out.append(Markup('<a href="{}" rel="nofollow ugc noopener noreferrer">{}</a>').format(
            href, url))
        last = match.start() + len(url)
    out.append(escape((text or "")[last:]))
    html = Markup("").join(out)
    paragraphs = [p for p in html.split("\n\n") if p.strip()]
    return Markup("").join(Markup("<p>{}</p>").format(Markup(p).replace("\n", Markup("<br>")))
                           for p in paragraphs)


def _body():
    """Return the required post text field: 1 to BODY_MAX characters of plain text."""
    return Text(required=True, validate=[
        validate.Length(min=1, error=_l("Write something first.")),
        validate.Length(max=BODY_MAX, error=_l("Use at most {max} characters."))],
        error_messages={"required": _l("Write something first."),
                        "null": _l("Write something first.")})


class _Plain(BaseSchema):
    """Store text as plain text: tidy line ends, no control characters."""

    @post_load
    def _clean(self, data, **kwargs):
        if "body" in data:
            data["body"] = clean_text(data["body"], BODY_MAX)
        if "title" in data:
            data["title"] = clean_text(data["title"], TITLE_MAX).replace("\n", " ")
        return data


class PostInputSchema(_Plain):
    """A comment under an article, a reply or an answer to a community question."""

    body = _body()
    website = Str(load_default="", validate=max_length(500))


class QuestionInputSchema(PostInputSchema):
    """A community question: a title people can scan, and the question itself."""

    title = Str(required=True, validate=validate.Length(
        min=TITLE_MIN, max=TITLE_MAX,
        error=_l("Write a title of {min} to {max} characters.")),
        error_messages={"required": _l("Give your question a title."),
                        "null": _l("Give your question a title.")})


class FlagInputSchema(BaseSchema):
    """A reader's report of a post: why, optionally."""

    reason = Str(load_default="", validate=max_length(REASON_MAX))


def honeypot_filled(data):
    """Tell whether the hidden field bots fill was filled (the post is silently dropped)."""
    return bool((data or {}).get(HONEYPOT))


# ---- advisors ---------------------------------------------------------------------------------


class AdvisorPostQuerySchema(BaseSchema):
    """GET /advisor/posts parameters."""

    site = Str(validate=max_length(64))
    state = Str(validate=one_of(list(STATES)))
    kind = Str(validate=one_of(list(KINDS)))
    page = Int(load_default=1, validate=in_range(1, 10000))
    per_page = Int(load_default=25, validate=in_range(1, 100))
    locale = Str(validate=max_length(8))


class AdvisorAnswerSchema(_Plain):
    """POST /advisor/posts/<id>/answer body: the support team's public answer."""

    body = _body()


class AdvisorEditSchema(_Plain):
    """PATCH /advisor/posts/<id> body: the corrected text (and title, for questions)."""

    body = _body()
    title = Str(validate=validate.Length(
        min=TITLE_MIN, max=TITLE_MAX, error=_l("Write a title of {min} to {max} characters.")))


class AcceptInputSchema(BaseSchema):
    """POST .../accept body: which answer of the question is the accepted one."""

    answer_id = Int(required=True, validate=in_range(1, 999_999_999))


class ConvertInputSchema(BaseSchema):
    """POST /advisor/posts/<id>/convert body: into a draft article or a ticket of the asker."""

    to = Str(required=True, validate=one_of(["article", "ticket"]))


# ---- out --------------------------------------------------------------------------------------


class PublicPostSchema(BaseSchema):
    """A post as readers see it: the text (and its safe HTML), who wrote it, whether staff."""

    id = fields.Integer()
    kind = fields.String()
    state = fields.String()
    title = fields.String()
    body = fields.String()
    body_html = fields.Function(lambda p: str(render(p.body)))
    author_name = fields.String()
    by_staff = fields.Boolean()
    parent_id = fields.Integer(allow_none=True)
    accepted_answer_id = fields.Integer(allow_none=True)
    created_at = fields.Function(lambda p: iso(p.created_at))
    answered_at = fields.Function(lambda p: iso(p.answered_at))


class _ContextArticleSchema(BaseSchema):
    """The article a comment is under."""

    id = fields.Integer()
    title = fields.String()
    slug = fields.String()
    locale = fields.String()
    published = fields.Boolean()
    url = fields.Function(lambda a: url_for("helpcenter.article", site_key=a.site.key,
                                            locale=a.locale, slug=a.slug))


class AdvisorPostSchema(PublicPostSchema):
    """A post as advisors see it: why it waits, flags, the trace of edits, where it stands."""

    site = fields.Function(lambda p: p.site.key)
    locale = fields.String()
    held_reason = fields.String()
    flag_count = fields.Integer()
    edits = fields.List(fields.Dict())
    updated_at = fields.Function(lambda p: iso(p.updated_at))
    article = fields.Nested(_ContextArticleSchema, allow_none=True)
    parent = fields.Nested(PublicPostSchema, allow_none=True)
    converted_article_id = fields.Integer(allow_none=True)
    converted_ticket_id = fields.Integer(allow_none=True)
    converted_ticket_number = fields.Function(
        lambda p: p.converted_ticket.number if p.converted_ticket_id else None)
    author_email = fields.Function(lambda p: p.author_user.email if p.author_user else "")
