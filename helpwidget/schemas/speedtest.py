"""Speed test: the size of a download."""
from helpwidget.schemas.base import BaseSchema, Int


class DownloadQuerySchema(BaseSchema):
    """GET /speedtest/download parameters (documentation; the view checks them itself)."""

    bytes = Int(required=True, metadata={"description": "How many random bytes to send."})
