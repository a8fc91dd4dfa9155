"""The periodic chores the worker runs, and when it starts with the app."""
from helpwidget.background import worker
from helpwidget.services import article_admin, attachments, chat_handoff, search_insights, tickets


def init_app(app):
    """Schedule the background chores; start the sender here when OUTBOX_WORKER is set."""
    worker.init_app(app)
    worker.register("close_resolved_tickets", tickets.close_resolved, 15 * 60)
    worker.register("convert_unanswered_chats", chat_handoff.convert_unanswered,
                    app.config["CHAT_WAIT_CHECK_INTERVAL"])
    worker.register("delete_unclaimed_uploads", attachments.delete_unclaimed, 60 * 60)
    # Scheduled articles go live within a minute of their time.
    worker.register("publish_scheduled_articles", article_admin.publish_due, 60)
    worker.register("purge_search_insights", search_insights.purge, 60 * 60)
    if app.config["OUTBOX_WORKER"]:
        worker.start(app)
