"""An open help panel redraws with new settings (colour, menu) as soon as an admin saves them."""
import time

from tests.support.fixtures_advisors import advisor_login, bearer
from tests.support.fixtures_widget import open_panel


def _panel_frame(page):
    """Return the panel's Frame (to evaluate script in it)."""
    return next(frame for frame in page.frames if frame.name == "helpwidget-panel")


def _socket_frames(page):
    """Record the frames the page's WebSockets receive, from the first one opened."""
    frames = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda payload: frames.append(
        str(payload))))
    return frames


def _wait_until(page, check, timeout=10):
    """Wait until `check()` is true, or fail after `timeout` seconds (events keep flowing)."""
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        page.wait_for_timeout(50)


def test_open_panel_takes_new_colour_and_menu_without_a_reload(page, client, site, host_app,
                                                               admin_advisor):
    frames = _socket_frames(page)
    frame = open_panel(page, host_app)
    frame.locator(".hw-menu-item[data-item='status']").wait_for()
    # Shown, the panel connects its live channel (Socket.IO's namespace connect answer: 40/...).
    _wait_until(page, lambda: any(f.startswith("40/visitor") for f in frames))
    brand = "() => document.documentElement.style.getPropertyValue('--hw-brand')"
    assert _panel_frame(page).evaluate(brand) == "#1f6feb"
    headers = bearer(advisor_login(client, admin_advisor.email))
    items = [{"item": "search", "enabled": True}, {"item": "contact", "enabled": True},
             {"item": "status", "enabled": False}]
    assert client.patch("/api/v1/advisor/sites/acme/settings/menu", json={"items": items},
                        headers=headers).status_code == 200
    assert client.patch("/api/v1/advisor/sites/acme/settings/general",
                        json={"brand_color": "#0b6e4f"}, headers=headers).status_code == 200
    frame.locator(".hw-menu-item[data-item='status']").wait_for(state="detached")
    frame.locator(".hw-menu-item[data-item='contact']").wait_for()
    _panel_frame(page).wait_for_function(
        "() => document.documentElement.style.getPropertyValue('--hw-brand') === '#0b6e4f'")
