"""Alert webhooks reach public hosts only: never loopback, private networks or cloud metadata."""
import socket

import pytest

from helpwidget.services import webhook_targets, webhooks
from helpwidget.services.webhook_targets import UnsafeTarget, check_target


@pytest.mark.parametrize("url", [
    "http://127.0.0.1/hook", "http://127.8.9.10:8080/hook", "http://[::1]/hook",
    "http://10.0.0.5/hook", "http://172.16.3.4/hook", "http://192.168.1.1/hook",
    "http://169.254.169.254/latest/meta-data/", "http://[fd00:ec2::254]/",
    "http://169.254.10.10/", "http://[fe80::1]/", "http://224.0.0.1/", "http://0.0.0.0/",
    "http://240.0.0.1/", "http://[::ffff:127.0.0.1]/", "http://100.64.0.1/",
    "ftp://93.184.216.34/hook", "file:///etc/passwd", "javascript:alert(1)", "https:///x",
])
def test_inward_or_non_web_targets_are_refused(app, url):
    with pytest.raises(UnsafeTarget):
        check_target(url)


@pytest.mark.parametrize("url", ["https://93.184.216.34/hook", "http://[2606:4700::1111]:8080/"])
def test_public_addresses_are_accepted(app, url):
    assert check_target(url) == url


def _resolving_to(monkeypatch, *addresses):
    """Make every name resolve to `addresses` (no network needed)."""
    def fake(host, port, *args, **kwargs):
        return [(socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "",
                 (a, port)) for a in addresses]
    monkeypatch.setattr(webhook_targets.socket, "getaddrinfo", fake)


def test_a_name_with_any_inward_address_is_refused(app, monkeypatch):
    _resolving_to(monkeypatch, "93.184.216.34", "10.1.2.3")
    with pytest.raises(UnsafeTarget):
        check_target("https://hooks.example.com/alert")
    _resolving_to(monkeypatch, "93.184.216.34")
    assert check_target("https://hooks.example.com/alert")


def test_a_name_that_does_not_resolve_is_refused(app, monkeypatch):
    def fail(*_args, **_kwargs):
        raise socket.gaierror("no such name")
    monkeypatch.setattr(webhook_targets.socket, "getaddrinfo", fail)
    with pytest.raises(UnsafeTarget):
        check_target("https://nowhere.example.com/")


def test_sending_refuses_a_name_rebound_to_metadata_after_it_was_saved(app, monkeypatch):
    _resolving_to(monkeypatch, "93.184.216.34")
    check_target("https://hooks.example.com/alert")  # what the settings form saw
    _resolving_to(monkeypatch, "169.254.169.254")  # what the name says at send time
    connected = []
    monkeypatch.setattr(webhooks.socket, "create_connection",
                        lambda address, *a, **k: connected.append(address))
    with pytest.raises(webhooks.WebhookError) as raised:
        webhooks.post("https://hooks.example.com/alert", "ticket.urgent", {"n": 1})
    assert raised.value.permanent is True and connected == []


@pytest.mark.parametrize("scheme", ["http", "https"])
def test_sending_connects_to_the_address_it_checked_not_a_second_answer(app, monkeypatch,
                                                                        scheme):
    answers = iter([["93.184.216.34"], ["127.0.0.1"], ["127.0.0.1"]])

    def rebinding(host, port, *args, **kwargs):
        """A name whose first answer is public and every later one loopback."""
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port)) for a in next(answers)]
    monkeypatch.setattr(webhook_targets.socket, "getaddrinfo", rebinding)
    connected = []

    def connect(address, *args, **kwargs):
        connected.append(address)
        raise ConnectionRefusedError("no network in tests")
    monkeypatch.setattr(webhooks.socket, "create_connection", connect)
    with pytest.raises(webhooks.WebhookError) as raised:
        webhooks.post(f"{scheme}://hooks.example.com/alert", "ticket.urgent", {"n": 1})
    assert raised.value.permanent is False  # a refused connection may succeed later
    port = 443 if scheme == "https" else 80
    assert connected == [("93.184.216.34", port)]


def test_hosts_the_server_allows_may_be_inward(make_app, monkeypatch):
    allowed = make_app(ALERT_WEBHOOK_ALLOWED_HOSTS=["alerts.internal", "127.0.0.1"])
    _resolving_to(monkeypatch, "10.0.0.8")
    with allowed.app_context():
        assert check_target("http://alerts.internal:9000/hook")
        assert check_target("http://127.0.0.1:9000/hook")
        with pytest.raises(UnsafeTarget):
            check_target("http://other.internal/hook")
