"""What crosses the edge when advisors see each other replying to the same ticket or chat."""
from helpwidget.schemas.base import BaseSchema, Bool, Int, Str, in_range, one_of

KINDS = ("ticket", "chat")


class ConversationRefSchema(BaseSchema):
    """A ticket or chat an advisor opened (or closed) in the console."""

    kind = Str(required=True, validate=one_of(KINDS))
    # Bounded like every id: a larger number names nothing, and SQLite could not bind it.
    id = Int(required=True, strict=True, validate=in_range(0, 2**31 - 1))


class ReplyingSchema(ConversationRefSchema):
    """An advisor is writing a reply or a note there (or stopped)."""

    note = Bool(load_default=False)
    typing = Bool(load_default=True)
