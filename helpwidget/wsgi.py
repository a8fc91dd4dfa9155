"""Production entry point: `app` for WSGI servers; run as a script, it serves with Socket.IO.

`helpwidget serve` and a checkout's `python wsgi.py` run this file as the main script (without
importing the helpwidget package first). It serves on HELPWIDGET_HOST:HELPWIDGET_PORT
(127.0.0.1:5000) in the async mode HELPWIDGET_SOCKETIO_ASYNC_MODE: eventlet unless set (gevent
and threading also work). eventlet and gevent must patch the standard library before anything
else is imported, so this module does that first. Under `gunicorn -k eventlet
helpwidget.wsgi:app` (or `-k gevent`) the worker has patched the process already and the app
follows it; a process nobody patched (`helpwidget ...` and `flask --app wsgi ...` commands) runs
in threading mode whatever the variable says, since green threads need the patch.
"""
import gc
import os
import sys

GREEN_MODES = ("eventlet", "gevent")


def _patched_by():
    """Return the library that has patched this process's sockets, if any."""
    eventlet_patcher = sys.modules.get("eventlet.patcher")
    if eventlet_patcher is not None and eventlet_patcher.is_monkey_patched("socket"):
        return "eventlet"
    gevent_monkey = sys.modules.get("gevent.monkey")
    if gevent_monkey is not None and gevent_monkey.is_module_patched("socket"):
        return "gevent"
    return None


def _prepare(requested, serving):
    """Patch the process for the requested green mode when serving; return the mode to use."""
    if serving and requested in GREEN_MODES and _patched_by() is None:
        if requested == "eventlet":
            import eventlet
            eventlet.monkey_patch()
        else:
            from gevent import monkey
            monkey.patch_all()
    mode = _patched_by() or (None if requested in GREEN_MODES else requested)
    if mode == "eventlet":
        # psycopg's C wait loop would stall eventlet's hub for a whole query; its select()
        # loop is cooperative once select is patched (psycopg notices gevent by itself).
        os.environ.setdefault("PSYCOPG_WAIT_FUNC", "wait_select")
        waiting = sys.modules.get("psycopg.waiting")
        if waiting is not None and os.environ["PSYCOPG_WAIT_FUNC"] == "wait_select":
            waiting.wait = waiting.wait_select  # imported earlier: its choice was made already
    return mode or ("threading" if requested in GREEN_MODES else None)


_mode = _prepare(os.environ.get("HELPWIDGET_SOCKETIO_ASYNC_MODE")
                 or ("eventlet" if __name__ == "__main__" else None),
                 serving=__name__ == "__main__")

from helpwidget import create_app  # noqa: E402  (after the patch, as eventlet requires)

app = create_app({"SOCKETIO_ASYNC_MODE": _mode} if _mode else None)
# The app, its modules, mappers and schemas live as long as the process: a full collection need
# not walk them again. A full collection pauses every connection of the process while it walks
# the heap (150-200 ms every ~6 s at 600 connections and 300 messages a second; 35 ms frozen).
gc.collect()
gc.freeze()
# A message's objects live across a few thousand allocations (packets queued, the ack): with
# Python's 700 a young collection caught them alive and promoted them, and the promoted ones
# started a full collection every few seconds (0.7-0.9 s each at 8,000 connections). At 20,000
# they are gone first: no full collection in a 40 s run, young ones ~40 ms (bench/chat_load.py).
gc.set_threshold(20_000, 20, 10)

if __name__ == "__main__":
    from helpwidget.background import serving

    serving.follow_address(app, app.config["HOST"], app.config["PORT"])
    serving.serve(app)
