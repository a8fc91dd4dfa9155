"""Automatic assignment under concurrency: two processes never both fill one advisor's room."""
import threading
import time

import pytest

from helpwidget.extensions import db
from helpwidget.models import Chat
from helpwidget.services import assignment, identity, presence
from helpwidget.services.timeutil import utcnow
from tests.support.fixtures_advisors import make_advisor
from tests.support.fixtures_tickets import anonymous


def _queued_chat(client, site):
    """Store a chat waiting in the site's queue; return its id."""
    visitor = identity.visitor_for_token(site, anonymous(client, site))
    chat = Chat(site_id=site.id, visitor_id=visitor.id, status="queued", created_at=utcnow(),
                last_message_at=utcnow())
    db.session.add(chat)
    db.session.commit()
    return chat.id


def test_two_assignments_at_once_never_exceed_a_capacity(app, client, site, database_url,
                                                         monkeypatch):
    if not database_url.startswith("postgresql"):
        pytest.skip("row locks are what is tested: PostgreSQL only (SQLite has one writer)")
    site.auto_assign = True
    marta = make_advisor("marta@support.example.com", "Marta Gómez", (site, "advisor"))
    marta.chat_capacity = 1
    marta.presence = "online"
    db.session.commit()
    presence.connected("console-1", marta.id)
    chat_ids = [_queued_chat(client, site) for _ in range(2)]
    counts = assignment._active_counts

    def slow_counts(advisor_ids):
        """Count, then linger: without the row locks both would count the same free room."""
        found = counts(advisor_ids)
        time.sleep(0.5)
        return found
    monkeypatch.setattr(assignment, "_active_counts", slow_counts)
    results = {}

    def assign(chat_id):
        with app.app_context():
            chat = db.session.get(Chat, chat_id)
            results[chat_id] = assignment.assign_chat(chat) is not None
            db.session.remove()
    threads = [threading.Thread(target=assign, args=(chat_id,)) for chat_id in chat_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    assert sorted(results.values()) == [False, True]
    db.session.expire_all()
    statuses = sorted(db.session.get(Chat, chat_id).status for chat_id in chat_ids)
    assert statuses == ["active", "queued"]


def test_the_advisor_who_waited_longest_is_next(app, client, site):
    site.auto_assign = True
    marta = make_advisor("marta@support.example.com", "Marta Gómez", (site, "advisor"))
    jan = make_advisor("jan@support.example.com", "Jan Kowalski", (site, "advisor"))
    for sid, who in (("c-1", marta), ("c-2", jan)):
        who.presence = "online"
        db.session.commit()
        presence.connected(sid, who.id)
    owners = []
    for _ in range(3):
        chat = db.session.get(Chat, _queued_chat(client, site))
        owners.append(assignment.assign_chat(chat).advisor_id)
    # Never assigned, the lower id goes first; then whoever waited longest.
    assert owners == [marta.id, jan.id, marta.id]
