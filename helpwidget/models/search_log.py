"""The search change log: what to apply to every machine's local search index, in order."""
from datetime import datetime

from sqlalchemy import DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from helpwidget.extensions import db
from helpwidget.models.base import utcnow

# article: one article's entry; question: one community question's; site: every community
# question of a site (its community was switched on or off).
KINDS = ("article", "question", "site")


class SearchChange(db.Model):
    """One search document to bring up to date, numbered in commit order."""

    __tablename__ = "search_changes"

    # Handed out from SearchLogState.last_seq while its row is locked, so numbers follow the
    # order in which the changes commit: a machine that applied N has every change up to N.
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(String(16))
    target_id: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SearchLogState(db.Model):
    """The log's single row: the last number handed out and the last one pruned."""

    __tablename__ = "search_log_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_seq: Mapped[int] = mapped_column(Integer, default=0)
    # Changes up to here are gone; an index that applied less must be rebuilt.
    pruned_through: Mapped[int] = mapped_column(Integer, default=0)


class SearchNode(db.Model):
    """A machine's search index and how far it applied the log (for pruning and operators)."""

    __tablename__ = "search_nodes"

    node_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    host: Mapped[str] = mapped_column(String(200), default="")
    applied_seq: Mapped[int] = mapped_column(Integer, default=0)
    seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
