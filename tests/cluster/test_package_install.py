"""A regular `pip install` (a wheel, no checkout) gives a complete server and its command.

The wheel is built from a copy of what the package is made of (pyproject.toml, README.md and
helpwidget/: no widget_static/, no wsgi.py), installed into a fresh virtualenv in a temporary
folder with its dependencies from the usual package index, and run from another folder.
"""
import gzip
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import brotli
import pytest
import requests

from tests.support.live_servers import ROOT, free_port

pytestmark = pytest.mark.slow

DIST = Path(ROOT) / "helpwidget" / "widget" / "dist"


def run(*args, **kwargs):
    """Run a command; fail with its output when it does not succeed."""
    done = subprocess.run([str(a) for a in args], capture_output=True, text=True, **kwargs)
    assert done.returncode == 0, (args, done.stdout[-3000:], done.stderr[-3000:])
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """Build the wheel, install it into a new virtualenv; return the venv's bin folder."""
    folder = tmp_path_factory.mktemp("package")
    source = folder / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(Path(ROOT) / name, source / name)
    shutil.copytree(Path(ROOT) / "helpwidget", source / "helpwidget",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir",
        folder / "wheel", source, timeout=300)
    wheels = list((folder / "wheel").glob("helpwidget-*.whl"))
    assert len(wheels) == 1, wheels
    # The interpreter this venv was made from, not the project's venv (a fresh environment).
    base_python = getattr(sys, "_base_executable", sys.executable)
    run(base_python, "-m", "venv", folder / "venv", timeout=120)
    bin_dir = folder / "venv" / "bin"
    run(bin_dir / "pip", "install", "--quiet", "--disable-pip-version-check", wheels[0],
        timeout=600)
    return bin_dir


def clean_env(instance, **extra):
    """Return an environment with none of the checkout's or the tests' settings."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("HELPWIDGET_", "VIRTUAL_ENV", "PYTHON", "FLASK_"))}
    return {**env, "HELPWIDGET_INSTANCE_PATH": str(instance), **extra}


def wait_for(process, url, log):
    """Wait until `url` answers; fail with the server's output if it stops or never does."""
    deadline = time.monotonic() + 180
    while True:
        try:
            if requests.get(url, timeout=5).status_code < 500:
                return
        except requests.ConnectionError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise AssertionError(log.read_text()[-3000:])
        time.sleep(0.3)


def start(bin_dir, workdir, env, *args):
    """Start `helpwidget ARGS` in `workdir`; return (process, log path)."""
    log_path = workdir / f"{args[0]}.log"
    with open(log_path, "w") as log:
        process = subprocess.Popen([str(bin_dir / "helpwidget"), *args], cwd=workdir, env=env,
                                   stdout=log, stderr=subprocess.STDOUT)
    return process, log_path


def stop(process):
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()


def test_the_installed_package_runs_the_demo_without_the_checkout(installed, tmp_path):
    workdir = tmp_path / "elsewhere"
    workdir.mkdir()
    env = clean_env(tmp_path / "instance")
    where = run(installed / "python", "-c", "import helpwidget, helpwidget.wsgi; "
                "print(helpwidget.__file__); print(helpwidget.wsgi.app.name)",
                cwd=workdir, env=env, timeout=120).stdout.split()
    assert where[0].startswith(str(installed.parent)) and where[1] == "helpwidget"
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    demo, log = start(installed, workdir, env, "demo", "--port", str(port))
    try:
        wait_for(demo, f"{base}/widget.js", log)
        loader = requests.get(f"{base}/widget.js", timeout=30)
        assert loader.status_code == 200, loader.text
        assert loader.headers["Content-Type"].startswith("text/javascript")
        assert loader.content == (DIST / "widget.js").read_bytes()
        # The installed build carries its compressed variants.
        packed = requests.get(f"{base}/widget.js", headers={"Accept-Encoding": "br"},
                              timeout=30, stream=True)
        raw = packed.raw.read(decode_content=False)
        assert packed.headers["Content-Encoding"] == "br" and raw == (
            DIST / "widget.js.br").read_bytes()

        panel = requests.get(f"{base}/widget/panel", timeout=30,
                             params={"site": "facturafacil", "origin": base})
        assert panel.status_code == 200 and 'id="hw-boot"' in panel.text
        for asset in re.findall(r'(?:src|href)="(/widget/assets/[^"]+)"', panel.text):
            answer = requests.get(base + asset.replace("&amp;", "&"), timeout=30)
            name = asset.split("/")[-1].split("?")[0]
            assert answer.status_code == 200 and answer.content == (DIST / name).read_bytes()
        assert {"panel.js", "panel.css"} <= {a.split("/")[-1].split("?")[0] for a in
                                              re.findall(r'"(/widget/assets/[^"]+)"', panel.text)}
        # The chunks loaded later (views, socket.io-client) are all in the package too.
        for chunk in sorted(DIST.glob("panel-*.js")):
            answer = requests.get(f"{base}/widget/assets/{chunk.name}", timeout=30)
            assert answer.status_code == 200 and answer.content == chunk.read_bytes(), chunk.name

        help_center = requests.get(f"{base}/help/facturafacil/es/", timeout=30)
        assert help_center.status_code == 200 and "FacturaFácil" in help_center.text
        console = requests.get(f"{base}/console/login", timeout=30)
        assert console.status_code == 200 and 'type="password"' in console.text
        script = re.search(r'src="(/console/static/[^"]+\.js)[^"]*"', console.text) or \
            re.search(r'href="(/console/static/[^"]+\.css)[^"]*"', console.text)
        assert script, console.text
        asset = requests.get(base + script.group(1), headers={"Accept-Encoding": "gzip"},
                             timeout=30, stream=True)
        assert asset.status_code == 200 and asset.headers["Content-Encoding"] == "gzip"
        shipped = Path(ROOT) / "helpwidget" / "console" / "static" / script.group(1).split(
            "/console/static/", 1)[1]
        assert gzip.decompress(asset.raw.read(decode_content=False)) == shipped.read_bytes()
    finally:
        stop(demo)
    assert f"http://127.0.0.1:{port}/demo" in log.read_text()

    # The rest of the CLI, as `flask --app wsgi` has it.
    listed = run(installed / "helpwidget", "sites", "list", cwd=workdir, env=env, timeout=120)
    assert "facturafacil" in listed.stdout and "ksiegowo" in listed.stdout
    run(installed / "helpwidget", "db", "upgrade", cwd=workdir, env=env, timeout=120)

    # `helpwidget serve`: the production server (eventlet), as `python wsgi.py` in a checkout.
    port = free_port()
    serve_env = dict(env, HELPWIDGET_SECRET_KEY="package-test-" + "s" * 40)
    server, log = start(installed, workdir, serve_env, "serve", "--port", str(port))
    try:
        wait_for(server, f"http://127.0.0.1:{port}/widget.js", log)
        answer = requests.get(f"http://127.0.0.1:{port}/widget/assets/panel.js", timeout=30,
                              headers={"Accept-Encoding": "br"}, stream=True)
        assert answer.status_code == 200 and answer.headers["Content-Encoding"] == "br"
        assert brotli.decompress(answer.raw.read(decode_content=False)) == (
            DIST / "panel.js").read_bytes()
    finally:
        stop(server)
    assert f"serving http://127.0.0.1:{port}/ (eventlet)" in log.read_text()
