"""Speed test: the size of a download."""
from helpwidget.schemas.base import BaseSchema, Int, Str


class SiteQuerySchema(BaseSchema):
    """The site whose visitor runs the test (documentation; the view checks it itself)."""

    site = Str(required=True, metadata={"description": "A site whose menu offers the test."})


class DownloadQuerySchema(SiteQuerySchema):
    """GET /speedtest/download parameters (documentation; the view checks them itself)."""

    bytes = Int(required=True, metadata={"description": "How many random bytes to send."})
