"""Server cost of one chat message, without the network: `chat:send` through the test client.

Usage: python bench/chat_send_cost.py [--messages 500] [--eventlet] [--database URL]
                                      [--profile [--sort tottime]]

Runs the app in this process on a temporary SQLite database (or a PostgreSQL database this
script creates and drops, --database) with one advisor online and one claimed chat, then sends
messages through Flask-SocketIO's test client and prints the CPU time per send (handler,
database write, both emits and the acknowledgement, plus the test client's own packet work).
--eventlet patches the process first, as `python wsgi.py` does (locks and sockets turn green).
--profile prints where the time goes (cProfile; the live server under load is profiled by
`bench/chat_load.py --profile`). Prints figures; it asserts nothing.
"""
import sys

if "--eventlet" in sys.argv:
    import eventlet

    eventlet.monkey_patch()  # before anything else is imported, as in helpwidget/wsgi.py

import argparse  # noqa: E402
import cProfile  # noqa: E402
import os  # noqa: E402
import pstats  # noqa: E402
import secrets  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from datetime import timedelta  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ["HELPWIDGET_INSTANCE_PATH"] = tempfile.mkdtemp(prefix="helpwidget-send-bench-")

from flask_migrate import upgrade  # noqa: E402

from bench import results  # noqa: E402
from bench.chat_load_setup import Database  # noqa: E402
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
    return widget, console, chat_id


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
    parser.add_argument("--eventlet", action="store_true")
    parser.add_argument("--database", default="")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--sort", default="cumulative", help="pstats order for --profile")
    args = parser.parse_args()
    database = Database(args.database, os.environ["HELPWIDGET_INSTANCE_PATH"])
    try:
        # Both limits lifted: one connection sends far faster here than any widget may.
        app = create_app({"RATELIMIT_CHAT_MESSAGES": "1000000 per minute",
                          "SECRET_KEY": "bench-only", "DATABASE_URL": database.url,
                          "SOCKETIO_ASYNC_MODE": "eventlet" if args.eventlet else "threading",
                          "SOCKET_EVENTS_PER_SECOND": 1e9, "SOCKET_EVENT_BURST": 1e9})
        widget, console, chat_id = open_chat(app)
        send(widget, chat_id, 50, 0)  # warm up statement caches
        console.get_received("/advisor")
        started, cpu = time.perf_counter(), time.process_time()
        send(widget, chat_id, args.messages, 1000)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        heard = sum(p["name"] == "chat:message" for p in console.get_received("/advisor"))
        print(f"chat:send: {cpu / args.messages * 1000:.3f} ms of CPU per message "
              f"({elapsed / args.messages * 1000:.3f} ms wall; {args.messages} messages, "
              f"{heard} heard by the advisor; {database.url.split(':')[0]}, "
              f"{'eventlet' if args.eventlet else 'threading'}; load average "
              f"{'/'.join(f'{x:.2f}' for x in os.getloadavg())})")
        results.save("chat_send_cost" + ("_eventlet" if args.eventlet else ""),
                     ms_per_message=round(cpu / args.messages * 1000, 3), messages=args.messages)
        if args.profile:
            profile = cProfile.Profile()
            profile.enable()
            send(widget, chat_id, 300, 100000)
            profile.disable()
            pstats.Stats(profile).sort_stats(args.sort).print_stats(30)
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
    finally:
        database.drop()


if __name__ == "__main__":
    main()
