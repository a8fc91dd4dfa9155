"""A TCP proxy on loopback that cuts every connection through it every few seconds."""
import random
import socket
import threading


class FlakyProxy:
    """Forwards 127.0.0.1:`port` to a target port; kills all its connections every 1-3 s.

    Clients see what a bad mobile or train connection does: the socket dies mid-stream
    (a reset, no goodbye), and the next connection works until the next cut.
    """

    def __init__(self, target_port, every=(1.0, 3.0), seed=1):
        self.target = ("127.0.0.1", target_port)
        self.every = every
        self.cuts = 0  # connections killed
        self.accepted = 0  # connections made through the proxy
        self._random = random.Random(seed)
        self._open = set()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._calm = threading.Event()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.2)
        self.port = self._listener.getsockname()[1]
        self._threads = [threading.Thread(target=self._accept, daemon=True),
                         threading.Thread(target=self._cutter, daemon=True)]

    def start(self):
        """Start accepting and cutting."""
        for thread in self._threads:
            thread.start()
        return self

    def calm(self):
        """Stop cutting; connections made from now on last."""
        self._calm.set()

    def close(self):
        """Stop, closing the listener and every connection."""
        self._calm.set()
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=5)
        self._listener.close()
        self.cut()

    def cut(self):
        """Kill every open connection now, with a reset on both sides."""
        with self._lock:
            pairs, self._open = list(self._open), set()
        for pair in pairs:
            for sock in pair:
                _reset(sock)
        self.cuts += len(pairs)

    def _accept(self):
        while not self._stop.is_set():
            try:
                client, _address = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            pair = (client, upstream)
            with self._lock:
                self._open.add(pair)
                self.accepted += 1
            for src, dst in (pair, pair[::-1]):
                threading.Thread(target=self._pump, args=(src, dst, pair), daemon=True).start()

    def _pump(self, src, dst, pair):
        """Copy bytes one way until either side closes; then close both."""
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    break
                dst.sendall(data)
        except OSError:
            pass
        with self._lock:
            self._open.discard(pair)
        for sock in pair:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()

    def _cutter(self):
        while not self._calm.wait(self._random.uniform(*self.every)):
            self.cut()


def _reset(sock):
    """Close a socket so the peer gets a reset, as when a network path dies."""
    try:
        # SO_LINGER with a zero timeout makes close() send RST instead of FIN.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    sock.close()
