"""A throwaway IMAP server for mail-in tests: Debian's dovecot on a free loopback port.

The server has one user with a Maildir, its own config, sockets, state and log; it never
touches the system's dovecot (if one runs, it keeps its ports and files). As root, dovecot's
processes and the mailbox run as `nobody` (dovecot refuses to serve mail as root); otherwise
everything runs as the current user.
"""
import grp
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from imapclient import IMAPClient

from tests.support.live_servers import free_port, require

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
# What dovecot-imapd adds to dovecot-core: without it dovecot starts but serves no IMAP.
IMAP_BINARY = "/usr/lib/dovecot/imap"
USER = "help@mail.test"
PASSWORD = "imap-test-password"

CONFIG = """\
base_dir = {runtime}/run
state_dir = {runtime}/state
log_path = {log}
protocols = imap
listen = 127.0.0.1
ssl = no
# Loopback only: a plain password over an unencrypted connection is fine here.
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = {user}
default_internal_group = {group}
default_login_user = {user}
first_valid_uid = 1
mail_location = maildir:{runtime}/mail/%u
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {runtime}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={runtime}/mail/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
"""


def _account():
    """Return (user, group, uid, gid) that dovecot's processes and the mailbox run as."""
    uid = os.geteuid()
    if uid == 0:  # dovecot serves no mail as root, nor runs its login processes as root
        entry = pwd.getpwnam("nobody")
    else:
        entry = pwd.getpwuid(uid)
    return entry.pw_name, grp.getgrgid(entry.pw_gid).gr_name, entry.pw_uid, entry.pw_gid


class ImapServer:
    """A running dovecot with one mailbox; APPEND puts mail in it, flags() reads it back."""

    def __init__(self, tmp_path):
        """Write the config in `tmp_path`; nothing runs until start()."""
        self.host, self.port = "127.0.0.1", free_port()
        self.user, self.password = USER, PASSWORD
        self.log = Path(tmp_path) / "dovecot.log"
        self.config = Path(tmp_path) / "dovecot.conf"
        # Sockets live here, and unix socket paths are limited to ~108 bytes: pytest's tmp_path
        # can be longer, so the runtime folder is a short one under the temp folder.
        self.runtime = Path(tempfile.mkdtemp(prefix="hw-imap-"))
        user, group, uid, gid = _account()
        for sub in ("run", "state", "mail"):
            (self.runtime / sub).mkdir()
        (self.runtime / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n")
        if os.geteuid() == 0:
            for path in (self.runtime, self.runtime / "state", self.runtime / "mail",
                         self.runtime / "passwd"):
                os.chown(path, uid, gid)
        self.config.write_text(CONFIG.format(runtime=self.runtime, log=self.log, user=user,
                                             group=group, uid=uid, gid=gid, port=self.port))
        self._process = None

    def start(self, timeout=15.0):
        """Start dovecot in the foreground (a child of this process); wait for its greeting."""
        self._process = subprocess.Popen([DOVECOT, "-F", "-c", str(self.config)],
                                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"dovecot exited: {self._process.stderr.read().decode()}"
                                   f"{self._log_text()}")
            try:
                with socket.create_connection((self.host, self.port), timeout=1) as conn:
                    if conn.recv(100).startswith(b"* OK"):
                        return
            except OSError:
                pass
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"dovecot did not answer on port {self.port}{self._log_text()}")

    def stop(self):
        """Stop dovecot and remove its runtime folder."""
        if self._process is not None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
            self._process.stderr.close()
            self._process = None
        shutil.rmtree(self.runtime, ignore_errors=True)

    def _log_text(self):
        """Return dovecot's log, for an error message."""
        return "\n" + self.log.read_text() if self.log.exists() else ""

    def client(self):
        """Return an IMAPClient logged in to the mailbox (the caller logs out)."""
        client = IMAPClient(self.host, port=self.port, ssl=False, timeout=10)
        client.login(self.user, self.password)
        return client

    def append(self, raw, flags=(), folder="INBOX"):
        """Put one email in the mailbox by IMAP APPEND; return its UID."""
        with self.client() as client:
            reply = client.append(folder, raw, flags=flags)
        # "[APPENDUID <validity> <uid>] Append completed"
        return int(reply.split(b"]")[0].split()[-1])

    def flags(self, folder="INBOX"):
        """Return {uid: set of flags} of the folder's messages."""
        with self.client() as client:
            client.select_folder(folder, readonly=True)
            uids = client.search(["ALL"])
            found = client.get_flags(uids) if uids else {}
        return {uid: set(flags) for uid, flags in found.items()}


@contextmanager
def imap_mailbox(app, tmp_path):
    """Run a dovecot IMAP server with the app's IMAP_* settings pointing at its mailbox."""
    require(os.path.exists(DOVECOT) and os.path.exists(IMAP_BINARY),
            "dovecot's IMAP server is not installed (apt-get install dovecot-imapd)")
    server = ImapServer(tmp_path)
    server.start()
    app.config.update(IMAP_HOST=server.host, IMAP_PORT=server.port, IMAP_SSL=False,
                      IMAP_USERNAME=server.user, IMAP_PASSWORD=server.password,
                      IMAP_FOLDER="INBOX", IMAP_INTERVAL=0.1)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def imap_server(app, tmp_path):
    """A dovecot IMAP server the app polls (for tests/conftest.py's plugins, or imported)."""
    with imap_mailbox(app, tmp_path) as server:
        yield server
