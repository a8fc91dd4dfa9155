"""What the services announce, named for what happened; the edges and the worker subscribe.

Every signal is sent with the app as sender, after the change is stored (or, for the outbox,
committed). Receivers run in the sender's thread, so a signal about a stored change goes
through announce(), which logs a receiver's failure instead of raising it.
"""
from blinker import Namespace
from flask import current_app

from helpwidget.extensions import db

_signals = Namespace()

# A ticket changed: keyword arguments event (created, status, comment, rated, assigned, ...),
# ticket, comment (the new comment, or None) and old_status (before a status change, or None).
ticket_changed = _signals.signal("ticket-changed")
# A waiting chat was handed off (converted into a ticket): keyword argument chat.
chat_handed_off = _signals.signal("chat-handed-off")
# Automatic assignment gave a waiting chat to an advisor: keyword argument chat.
chat_assigned = _signals.signal("chat-assigned")
# An active chat went back to its queue (its advisor left): keyword arguments chat and message
# (the system message telling the visitor).
chat_requeued = _signals.signal("chat-requeued")
# A visitor's message reached an open chat another way than the widget (an emailed reply):
# keyword arguments chat and message.
chat_message_received = _signals.signal("chat-message-received")
# An advisor changed a chat's labels: keyword argument chat.
chat_labels_changed = _signals.signal("chat-labels-changed")
# A site's settings changed (`sites update`): keyword arguments site_key and changes (the new
# values by setting name).
site_changed = _signals.signal("site-changed")
# New outbox rows were committed (or failed ones requeued): a worker may deliver them now.
outbox_queued = _signals.signal("outbox-queued")
# An advisor's sessions ended (sign-out, password change, deactivation): keyword arguments
# advisor_id and token_ids (ids of AdvisorToken rows).
advisor_sessions_ended = _signals.signal("advisor-sessions-ended")
# A visitor's session ended (logout): keyword argument visitor_id.
visitor_session_ended = _signals.signal("visitor-session-ended")
# A public post was created or changed: keyword arguments post and event (created, approved,
# hidden, edited, deleted, answered, accepted, flagged, converted).
post_changed = _signals.signal("post-changed")


def announce(signal, **kwargs):
    """Send `signal` about a change already stored; a failure is logged, never raised."""
    try:
        signal.send(current_app._get_current_object(), **kwargs)
    except Exception:  # a message queue outage must not undo what is already stored
        current_app.logger.exception("could not announce %s", signal.name)
        db.session.rollback()  # a failed reload (database gone) must not poison the answer
