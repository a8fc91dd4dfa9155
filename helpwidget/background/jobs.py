"""The periodic chores the worker runs, and when it starts with the app."""
from helpwidget.background import worker
from helpwidget.services import (
    article_admin,
    attachments,
    chat_followup,
    chat_handoff,
    inbound_mail,
    search_insights,
    search_sync,
    tickets,
)


def init_app(app):
    """Schedule the background chores; start the sender here when OUTBOX_WORKER is set."""
    worker.init_app(app)
    worker.register("close_resolved_tickets", tickets.close_resolved, 15 * 60)
    worker.register("convert_unanswered_chats", chat_handoff.convert_unanswered,
                    app.config["CHAT_WAIT_CHECK_INTERVAL"])
    # Answers a visitor left unread reach them by email soon after the grace period.
    worker.register("email_chat_followups", chat_followup.send_due, 30)
    # An email a receiver stored but never posted (it stopped in between) is posted anyway.
    worker.register("post_stranded_emails", inbound_mail.process_stranded, 5 * 60)
    worker.register("delete_unclaimed_uploads", attachments.delete_unclaimed, 60 * 60)
    # Scheduled articles go live within a minute of their time.
    worker.register("publish_scheduled_articles", article_admin.publish_due, 60)
    worker.register("purge_search_insights", search_insights.purge, 60 * 60)
    # Search change log rows every machine has applied are of no more use.
    worker.register("prune_search_log", search_sync.prune, 60 * 60)
    if app.config["OUTBOX_WORKER"]:
        worker.start(app)
