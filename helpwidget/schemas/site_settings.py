"""Site settings for admins: one PATCH schema per group (every field optional) and the document."""
from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError, fields, post_dump, validates_schema

from helpwidget.models.ticket import PRIORITIES
from helpwidget.schemas.base import (
    BaseSchema,
    Bool,
    Email,
    Int,
    List,
    Str,
    in_range,
    max_length,
    one_of,
    required_text,
    web_address,
)
from helpwidget.schemas.site_settings_fields import (
    HEX,
    Guide,
    HoursSchema,
    Localized,
    OptionalEmail,
    RegionSchema,
    check_color,
    check_holiday,
    check_key,
    check_locale,
    check_optional_phone,
    check_phone,
    check_zone,
    contrast_with_white,
    fail,
    text_field,
    unique_by,
)

MENU_ITEMS = ("search", "page_help", "chat", "my_requests", "new_request", "trainings",
              "remote_support", "speed_test", "status", "contact", "community")
OPERATING_SYSTEMS = ("windows", "mac")
GROUPS = ("general", "menu", "contact", "chat", "requests", "alerts", "help_center")


def _nested_list(schema, **kwargs):
    """Return a list of nested objects."""
    return List(fields.Nested(schema), **kwargs)


class GeneralSchema(BaseSchema):
    """Name, languages, brand colour and the pages allowed to embed the widget."""

    name = Str(validate=required_text(200))
    default_locale = Str(validate=check_locale)
    locales = List(Str(validate=check_locale), validate=[
        lambda v: v or fail(_l("Choose at least one language.")),
        unique_by(None, _l("Each language once."))])
    brand_color = Str(validate=check_color)
    # Checked as origins by the service (services/sites.py owns that rule).
    allowed_origins = List(Str(validate=max_length(300)), validate=unique_by(
        None, _l("Each origin once.")))

    @validates_schema
    def _default_among_locales(self, data, **_kwargs):
        """When both are sent the default language is one of the languages."""
        if "default_locale" in data and "locales" in data and (
                data["default_locale"] not in data["locales"]):
            fail_field("default_locale", _l("The default language is one of the languages."))


class MenuItemSchema(BaseSchema):
    """One entry of the panel's menu, with the settings its item takes."""

    item = Str(required=True, validate=one_of(MENU_ITEMS))
    enabled = Bool(load_default=True)
    url = Str(validate=web_address())
    tool = Str(validate=required_text(100))
    downloads = fields.Dict(keys=Str(validate=one_of(OPERATING_SYSTEMS)),
                            values=Str(validate=web_address()))
    guides = fields.Dict(keys=Str(validate=one_of(OPERATING_SYSTEMS)), values=Guide())

    @validates_schema
    def _fits_item(self, data, **_kwargs):
        """Only trainings take a url; only remote support takes a tool, downloads and guides."""
        if "url" in data and data["item"] != "trainings":
            fail_field("url", _l("Only trainings take a web address."))
        for name in ("tool", "downloads", "guides"):
            if name in data and data["item"] != "remote_support":
                fail_field(name, _l("Only remote support takes this."))


class MenuSchema(BaseSchema):
    """The panel's menu: items in order."""

    items = _nested_list(MenuItemSchema, validate=unique_by(
        "item", _l("Each menu item once.")))


class PhoneSchema(RegionSchema):
    """A phone number of a region."""

    number = Str(required=True, validate=check_phone)


class EmailSchema(RegionSchema):
    """An email address of a region."""

    email = Email(required=True)


class ContactSchema(BaseSchema):
    """Support hours, holidays, phones and addresses."""

    timezone = Str(validate=check_zone)
    hours = _nested_list(HoursSchema)
    holidays = List(Str(validate=check_holiday), validate=unique_by(
        None, _l("Each holiday once.")))
    phones = _nested_list(PhoneSchema)
    emails = _nested_list(EmailSchema)
    email = OptionalEmail()
    whatsapp = Str(validate=check_optional_phone)


class TopicSchema(BaseSchema):
    """A chat topic: a key and its label per language."""

    key = Str(required=True, validate=check_key)
    label = Localized(required=True, size=100, allow_text=True)


class ChatSchema(BaseSchema):
    """Chat topics, how long a chat waits, and chat out of hours."""

    topics = _nested_list(TopicSchema, validate=unique_by("key", _l("Each topic once.")))
    wait_minutes = Int(validate=in_range(1, 240))
    out_of_hours = Bool()
    # New chats and tickets go round robin to the online advisors.
    auto_assign = Bool()


class SubcategorySchema(BaseSchema):
    """A subcategory of a ticket category."""

    key = Str(required=True, validate=check_key)
    title = Localized(required=True, size=100, allow_text=True)


class CategorySchema(BaseSchema):
    """A ticket category card, as services/ticket_categories.py reads them."""

    key = Str(required=True, validate=check_key)
    icon = Str(validate=max_length(16))
    priority = Str(load_default="normal", validate=one_of(PRIORITIES))
    emergency = Bool()
    title = Localized(required=True, size=100, allow_text=True)
    hint = Localized(size=200, allow_text=True)
    description = Localized(size=1000, allow_text=True)
    subcategories = _nested_list(SubcategorySchema, load_default=list, validate=unique_by(
        "key", _l("Each subcategory once.")))


class PlatformSchema(BaseSchema):
    """A platform a requester picks from."""

    key = Str(required=True, validate=check_key)
    label = Localized(required=True, size=100, allow_text=True)


class SlaSchema(BaseSchema):
    """First-response hours per priority."""

    urgent = fields.Float(validate=lambda v: v > 0 or fail(_l("Enter a positive number of hours.")))
    high = fields.Float(validate=lambda v: v > 0 or fail(_l("Enter a positive number of hours.")))
    normal = fields.Float(validate=lambda v: v > 0 or fail(_l("Enter a positive number of hours.")))
    low = fields.Float(validate=lambda v: v > 0 or fail(_l("Enter a positive number of hours.")))


class RequestsSchema(BaseSchema):
    """Ticket categories, platforms, SLA, auto-close and who may open requests."""

    categories = _nested_list(CategorySchema, validate=unique_by(
        "key", _l("Each category once.")))
    platforms = _nested_list(PlatformSchema, validate=unique_by("key", _l("Each platform once.")))
    sla_hours = fields.Nested(SlaSchema)
    auto_close_days = Int(validate=in_range(1, 365))
    support_users_only = Bool()
    # Email to the site's support address that answers no conversation opens a request.
    mail_opens_tickets = Bool()
    account_types = List(Str(validate=[required_text(64), lambda v: "," not in v or fail(
        _l("An account type has no commas."))]), validate=unique_by(None, _l("Each type once.")))


class AlertsSchema(BaseSchema):
    """Who hears of an emergency: addresses and a signed webhook."""

    emails = List(Email(), validate=unique_by(None, _l("Each address once.")))
    # Checked for a safe target by the service (it resolves the host).
    webhook_url = Str(validate=[lambda v: v == "" or web_address()(v), max_length(500)])
    webhook_secret = Str(validate=max_length(200))


class HelpCenterSchema(BaseSchema):
    """Moderation of comments, registration, the community section and search insights."""

    comment_moderation = Str(validate=one_of(("pre", "post")))
    open_registration = Bool()
    community_enabled = Bool()
    insights_enabled = Bool()
    insights_retention_days = Int(strict=True, validate=in_range(1, 730))


GROUP_SCHEMAS = {"general": GeneralSchema, "menu": MenuSchema, "contact": ContactSchema,
                 "chat": ChatSchema, "requests": RequestsSchema, "alerts": AlertsSchema,
                 "help_center": HelpCenterSchema}


class SettingsDocumentSchema(BaseSchema):
    """The whole settings document of a site (GET and every PATCH answer)."""

    site = fields.Dict()
    general = fields.Dict()
    menu = fields.Dict()
    contact = fields.Dict()
    chat = fields.Dict()
    requests = fields.Dict()
    alerts = fields.Dict()
    help_center = fields.Dict()
    identity = fields.Dict()

    @post_dump
    def _contrast(self, data, **_kwargs):
        """Say how white text reads on the brand colour (None for a colour it cannot measure)."""
        general = data.get("general")
        if isinstance(general, dict):
            color = general.get("brand_color") or ""
            general["brand_contrast"] = contrast_with_white(color) if HEX.match(color) else None
        return data


class RotateSecretSchema(BaseSchema):
    """How long the previous identity secret keeps working."""

    overlap_hours = Int(load_default=24, validate=in_range(0, 168))


class RotatedSecretSchema(BaseSchema):
    """The new identity secret, shown once."""

    secret = fields.String()
    secret_hint = fields.String()
    previous_secret_expires_at = fields.String(allow_none=True)


class NewSiteSchema(BaseSchema):
    """A new site, created by the server's owner."""

    key = Str(required=True, validate=required_text(64))
    name = text_field(200)
    default_locale = Str(load_default="en", validate=check_locale)
    locales = List(Str(validate=check_locale), load_default=list)
    allowed_origins = List(Str(validate=max_length(300)), load_default=list)


class NewSiteAnswerSchema(BaseSchema):
    """The created site, its identity secret (shown once) and the embed snippet."""

    site = fields.Dict()
    secret = fields.String()
    embed_snippet = fields.String()


def fail_field(name, message):
    """Raise a validation error on one field."""
    raise ValidationError(str(message), name)
