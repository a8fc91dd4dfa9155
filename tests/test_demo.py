"""The demo sites and their help centers seed cleanly, and seeding twice changes nothing."""
from helpwidget.extensions import db
from helpwidget.models import Article, Site


def test_seed_demo_creates_two_sites_in_three_languages(runner, client):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0 and "skipped" not in result.output, result.output
    sites = db.session.execute(db.select(Site).order_by(Site.key)).scalars().all()
    assert [s.key for s in sites] == ["facturafacil", "ksiegowo"]
    per_locale = dict(db.session.execute(db.select(Article.locale, db.func.count()).group_by(
        Article.locale)).all())
    assert per_locale["es"] >= 20 and per_locale["pl"] >= 20 and per_locale["en"] >= 40
    kinds = set(db.session.execute(db.select(Article.kind)).scalars())
    assert kinds == {"article", "faq", "video", "download"}
    found = client.get("/api/v1/search?site=ksiegowo&q=korekta+faktury").get_json()
    assert found["total"] > 0 and found["locale"] == "pl"


def test_seed_demo_twice_does_not_duplicate(runner):
    runner.invoke(args=["seed-demo"])
    count = db.session.execute(db.select(db.func.count(Article.id))).scalar()
    runner.invoke(args=["seed-demo"])
    assert db.session.execute(db.select(db.func.count(Article.id))).scalar() == count
