"""Ending a foreground command (outbox sender, mail receivers) on Ctrl-C or SIGTERM."""
import signal
import threading
from contextlib import contextmanager

SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Signalled:
    """Whether a stop signal arrived; loops check it between their passes."""

    def __init__(self):
        """Nothing has arrived yet."""
        self.requested = False


@contextmanager
def until_signalled():
    """Within the block, SIGINT and SIGTERM interrupt it and mark the yielded Signalled.

    The block ends quietly on either signal. Python ignores an exception raised while a
    finalizer (`__del__`) runs, so an interrupt landing in one is lost; the mark is not, and a
    loop that checks it ends at its next pass.
    """
    signalled = Signalled()

    def handle(_signum, _frame):
        signalled.requested = True
        raise KeyboardInterrupt

    main = threading.current_thread() is threading.main_thread()
    previous = {sig: signal.signal(sig, handle) for sig in SIGNALS} if main else {}
    try:
        yield signalled
    except KeyboardInterrupt:
        signalled.requested = True
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
