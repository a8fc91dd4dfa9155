"""How far this machine's index applied the search change log: a small file beside the index.

The file lives with the index it describes, so an index folder copied, restored or deleted
carries (or loses) its position with it. It is read and written only under the sync lock, a
file lock of the index folder separate from Whoosh's write lock: one process of the machine
applies the log at a time, and its position is written only after the index committed.
"""
import json
import os
import uuid
from contextlib import contextmanager

from whoosh.filedb.filestore import FileStorage
from whoosh.util.filelock import try_for

from helpwidget.search.index import STATE_FILE, IndexBusyError

SYNC_LOCK = "SEARCH_SYNC"


class SyncState:
    """This index's node id and the last change number it applied (None: never applied)."""

    def __init__(self, path):
        """Read the state of the index at `path` (a new node id if it has none)."""
        self.path = path
        stored = read(path)
        self.node_id = stored.get("node") or uuid.uuid4().hex
        self.seq = stored.get("seq")
        self.rebuilds = int(stored.get("rebuilds", 0))

    def applied(self, seq, rebuilt=False):
        """Record that the index holds every change up to `seq` (after its commit)."""
        self.seq = int(seq)
        self.rebuilds += bool(rebuilt)
        data = json.dumps({"node": self.node_id, "seq": self.seq, "rebuilds": self.rebuilds})
        temporary = os.path.join(self.path, f".{STATE_FILE}.{os.getpid()}")
        with open(temporary, "w", encoding="utf-8") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, os.path.join(self.path, STATE_FILE))


def read(path):
    """Return the stored state of the index at `path` ({} when there is none or it is bad)."""
    try:
        with open(os.path.join(path, STATE_FILE), encoding="utf-8") as source:
            data = json.load(source)
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


@contextmanager
def syncing(path, timeout):
    """Hold the index folder's sync lock and yield its SyncState, read under the lock."""
    lock = FileStorage(path).lock(SYNC_LOCK)
    if not try_for(lock.acquire, timeout=timeout, delay=0.02):
        raise IndexBusyError(f"search index {path} is being brought up to date by another "
                             f"process; gave up after {timeout:g}s")
    try:
        yield SyncState(path)
    finally:
        lock.release()
