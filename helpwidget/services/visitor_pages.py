"""The host pages a visitor had the widget open on: recorded cheaply, read by the customer view."""
from helpwidget.extensions import db
from helpwidget.models import Visitor, VisitorPage
from helpwidget.services import routes
from helpwidget.services.timeutil import utcnow

# Routes kept per visitor; older ones are pruned when a new one arrives.
KEEP = 50
ROUTE_MAX = 500


def record(visitor, route, now=None):
    """Note that `visitor` is on `route` now: update its row, or add one and prune the oldest."""
    # Only the path: a query string may carry what the host never meant to share.
    path = routes.normalize(route)[:ROUTE_MAX]
    now = now or utcnow()
    updated = db.session.execute(db.update(VisitorPage).where(
        VisitorPage.visitor_id == visitor.id, VisitorPage.route == path).values(seen_at=now))
    if not updated.rowcount:
        db.session.add(VisitorPage(visitor_id=visitor.id, route=path, seen_at=now))
        db.session.flush()
        keep = (db.select(VisitorPage.id).where(VisitorPage.visitor_id == visitor.id)
                .order_by(VisitorPage.seen_at.desc(), VisitorPage.id.desc()).limit(KEEP))
        db.session.execute(db.delete(VisitorPage).where(
            VisitorPage.visitor_id == visitor.id, VisitorPage.id.not_in(keep.scalar_subquery()))
            .execution_options(synchronize_session=False))
    db.session.commit()


def recent(visitor_ids, limit=KEEP):
    """Return [{route, seen_at}] of these visitors' pages, latest first, each route once."""
    if isinstance(visitor_ids, list) and not visitor_ids:
        return []
    rows = db.session.execute(
        db.select(VisitorPage.route, VisitorPage.seen_at)
        .where(VisitorPage.visitor_id.in_(visitor_ids))
        .order_by(VisitorPage.seen_at.desc()).limit(limit * 4)).all()
    seen, pages = set(), []
    for route, seen_at in rows:
        if route not in seen:
            seen.add(route)
            pages.append({"route": route, "seen_at": seen_at})
    return pages[:limit]


def visitor_ids_of_user(user):
    """Return a query of the ids of every widget session of an identified user."""
    return db.select(Visitor.id).where(Visitor.user_id == user.id)
