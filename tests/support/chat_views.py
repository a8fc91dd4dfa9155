"""A live chat as one side sees it, kept as the widget and the console keep it."""
import collections


def open_claimed_chat(console, widget, body="Hola", client_id="v-0"):
    """The visitor starts a chat and Marta (online) claims it; return (chat id, first messages)."""
    console.ok("presence:set", {"status": "online"})
    started = widget.ok("chat:start", {"topic": "", "client_id": client_id, "body": body})
    chat_id = started["chat"]["id"]
    assert started["chat"]["status"] == "queued"
    queued = console.wait("chat:queued", where=lambda d: d["chat"]["id"] == chat_id)
    assert queued["preview"] == body
    claimed = console.ok("chat:claim", {"chat_id": chat_id})
    assert [m["body"] for m in claimed["messages"]] == [body]
    status = widget.wait("chat:status", where=lambda d: d["chat"]["id"] == chat_id)
    assert status["chat"]["status"] == "active"
    assert status["chat"]["advisor"]["name"] == "Marta Gómez"
    return chat_id, started["messages"]


class ChatView:
    """One side's copy of a chat from a live_servers.Peer: acks, live events, chat:sync.

    Here a chat:sync that fails fails the test; views that expect faults override fetch().
    """

    def __init__(self, peer, chat_id, messages=()):
        self.peer, self.chat_id = peer, chat_id
        self.by_seq = {}
        for message in messages:
            self.add(message)
        self._taken = 0  # how many of the peer's live messages were taken

    def add(self, message):
        """Keep a message (from an ack, a live event or a sync) under its seq."""
        self.by_seq[message["seq"]] = message

    def hear(self):
        """Keep the live messages heard since the last call."""
        heard = self.peer.messages[self._taken:]
        self._taken += len(heard)
        for data in heard:
            if data["chat_id"] == self.chat_id:
                self.add(data["message"])

    def take_events(self):
        """Keep the live messages heard so far, then sync if they call for it (a gap)."""
        self.hear()
        if self.needs_sync():
            self.sync()

    def needs_sync(self):
        """Tell whether a seq is missing below the highest one seen."""
        return bool(self.by_seq) and len(self.by_seq) < max(self.by_seq)

    def last_seq(self):
        """Return the highest seq seen with none missing below it."""
        seq = 0
        while seq + 1 in self.by_seq:
            seq += 1
        return seq

    def sync(self):
        """Fetch every message after the last one seen without a gap; tell whether it came."""
        messages = self.fetch()
        if messages is None:
            return False
        for message in messages:
            self.add(message)
        return True

    def fetch(self):
        """Return the messages chat:sync gives after last_seq(), or None if none came now."""
        return self.peer.ok("chat:sync", self.after_last())["messages"]

    def after_last(self):
        """Return the chat:sync request for every message after last_seq()."""
        return {"chat_id": self.chat_id, "after_seq": self.last_seq()}

    def live_duplicates(self):
        """Return the seqs that live events brought more than once."""
        seqs = collections.Counter(d["message"]["seq"] for d in self.peer.messages
                                   if d["chat_id"] == self.chat_id)
        return sorted(seq for seq, count in seqs.items() if count > 1)

    def bodies(self):
        """Return the bodies of this view of the chat, in seq order."""
        return [self.by_seq[seq]["body"] for seq in sorted(self.by_seq)]
