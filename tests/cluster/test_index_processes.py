"""Index updates made by another process reach a running server without a restart."""
import os
import subprocess

from tests.support.articles import make_article
from tests.support.live_servers import ROOT, flask_command


def test_import_in_another_process_is_searchable_at_once(app, client, site, tmp_path):
    make_article(site, "Registrar pagos", slug="pagos", body="Pagos de clientes.")
    assert client.get("/api/v1/search?site=acme&q=pagos").get_json()["total"] == 1
    folder = tmp_path / "new"
    folder.mkdir()
    (folder / "conciliar.md").write_text("---\ntitle: Conciliación bancaria\n---\n"
                                         "Cuadra el extracto del banco.", encoding="utf-8")
    env = dict(os.environ, HELPWIDGET_DATABASE_URL=app.config["DATABASE_URL"],
               HELPWIDGET_SEARCH_INDEX_DIR=app.config["SEARCH_INDEX_DIR"])
    done = subprocess.run(flask_command("articles", "import", str(folder), "--site", "acme"),
                          cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    found = client.get("/api/v1/search?site=acme&q=extracto+banco").get_json()
    assert [hit["slug"] for hit in found["results"]] == ["conciliar"]
