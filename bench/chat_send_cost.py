"""Server cost of one chat message, without the network: `chat:send` through the test client.

Usage: python bench/chat_send_cost.py [--messages 500] [--profile]

Runs the app in this process on a temporary SQLite database with one advisor online and one
claimed chat, then sends messages through Flask-SocketIO's test client and prints the time per
send (handler, database write, both emits and the acknowledgement, plus the test client's own
packet work). --profile prints where the time goes. Prints figures; it asserts nothing.
"""
import argparse
import cProfile
import os
import pstats
import secrets
import sys
import tempfile
import time
from datetime import timedelta

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ["HELPWIDGET_INSTANCE_PATH"] = tempfile.mkdtemp(prefix="helpwidget-send-bench-")

from flask_migrate import upgrade  # noqa: E402

from bench import results  # noqa: E402
from helpwidget import create_app  # noqa: E402
from helpwidget.extensions import db, socketio  # noqa: E402
from helpwidget.models import Advisor, AdvisorToken, SiteMembership  # noqa: E402
from helpwidget.services import sites  # noqa: E402
from helpwidget.services.advisors import hash_token  # noqa: E402
from helpwidget.services.timeutil import utcnow  # noqa: E402


def open_chat(app):
    """Start a chat from a visitor and claim it; return (visitor test client, chat id)."""
    with app.app_context():
        upgrade()
        site = sites.save_site("bench", name="Bench", allowed_origins=[])
        visitor_token = app.test_client().post(
            "/api/v1/session", json={"site": "bench"}).get_json()["visitor_token"]
        advisor = Advisor(email="advisor@bench.test", name="Advisor", password_hash="-",
                          presence="online")
        advisor.memberships.append(SiteMembership(site_id=site.id, role="advisor"))
        db.session.add(advisor)
        db.session.flush()
        advisor_token = secrets.token_urlsafe(32)
        db.session.add(AdvisorToken(advisor_id=advisor.id, token_hash=hash_token(advisor_token),
                                    expires_at=utcnow() + timedelta(hours=2)))
        db.session.commit()
    console = socketio.test_client(app, namespace="/advisor", auth={"token": advisor_token})
    widget = socketio.test_client(app, namespace="/visitor",
                                  auth={"site": "bench", "token": visitor_token})
    started = widget.emit("chat:start", {"body": "Hola", "client_id": "first"},
                          namespace="/visitor", callback=True)
    chat_id = started["chat"]["id"]
    console.emit("chat:claim", {"chat_id": chat_id}, namespace="/advisor", callback=True)
    return widget, chat_id


def send(widget, chat_id, count, first):
    """Send `count` messages with fresh client ids."""
    for n in range(first, first + count):
        reply = widget.emit("chat:send", {"chat_id": chat_id, "client_id": f"m{n}",
                                          "body": "Hello, the invoice is still pending"},
                            namespace="/visitor", callback=True)
        if not reply["ok"]:
            raise SystemExit(f"send refused: {reply}")


def main():
    """Measure and print the cost of one send."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=500)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    app = create_app({"RATELIMIT_CHAT_MESSAGES": "1000000 per minute", "SECRET_KEY": "bench-only"})
    widget, chat_id = open_chat(app)
    send(widget, chat_id, 50, 0)  # warm up statement caches
    started = time.perf_counter()
    send(widget, chat_id, args.messages, 1000)
    elapsed = time.perf_counter() - started
    print(f"chat:send: {elapsed / args.messages * 1000:.2f} ms per message "
          f"({args.messages} messages, SQLite, one process)")
    results.save("chat_send_cost", ms_per_message=round(elapsed / args.messages * 1000, 2),
                 messages=args.messages)
    if args.profile:
        profile = cProfile.Profile()
        profile.enable()
        send(widget, chat_id, 300, 100000)
        profile.disable()
        pstats.Stats(profile).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()
