"""Labels: the names an advisor puts on a ticket or chat in; a site's labels and counts out."""
from flask_babel import lazy_gettext as _l
from marshmallow import Schema, fields, validate

from helpwidget.schemas.base import BaseSchema, List, Str, max_length

# Bounds on what a request may carry at all. The rules advisors meet (a name's length, how
# many labels one conversation takes) are services/labels.clean_names', counted after names
# are normalised and duplicates dropped.
NAME_INPUT_MAX = 200
NAMES_INPUT_MAX = 100


class LabelsInputSchema(BaseSchema):
    """PUT /advisor/tickets/<id>/labels and /advisor/chats/<id>/labels body: the whole set."""

    labels = List(Str(validate=max_length(NAME_INPUT_MAX)), required=True,
                  validate=validate.Length(max=NAMES_INPUT_MAX,
                                           error=_l("Send at most {max} labels.")))


class LabelCountSchema(Schema):
    """A label of a site and how many tickets and chats carry it."""

    id = fields.Integer()
    name = fields.String()
    tickets = fields.Integer()
    chats = fields.Integer()


class SiteLabelsSchema(Schema):
    """GET /advisor/sites/<key>/labels: dumps {"labels": services.labels.counted(site)}."""

    labels = fields.List(fields.Nested(LabelCountSchema))
