"""Demo sites and their help centers, written for this project."""
import os

import yaml

from helpwidget.demo import community
from helpwidget.extensions import db
from helpwidget.models import Site
from helpwidget.schemas.article_files import load_article_file
from helpwidget.services import advisors, article_files, saved_replies, sites, status

HERE = os.path.dirname(__file__)


def _load(name):
    """Return the parsed YAML file `name` of the demo folder."""
    with open(os.path.join(HERE, name), encoding="utf-8") as source:
        return yaml.safe_load(source)


# (email, password) of the demo's advisors, printed when the demo starts.
ADVISOR_LOGINS = [(a["email"], a["password"]) for a in _load("advisors.yaml")]


def is_empty():
    """Tell whether the database has no sites yet."""
    return db.session.execute(db.select(Site.id).limit(1)).first() is None


def seed():
    """Create or refresh the demo sites and import their help centers; return the reports."""
    definitions = _load("sites.yaml")
    replies = _load("saved_replies.yaml")
    reports = {}
    communities = {}
    for definition in definitions:
        key = definition.pop("key")
        state, windows = definition.pop("status", None), definition.pop("maintenance", [])
        communities[key] = definition.pop("community_enabled", False)
        site = sites.save_site(key, **definition)
        seed_status(site, state, windows)
        saved_replies.seed(site, [r for r in replies.get(key, []) if site.speaks(r["locale"])])
        for locale in site.locales:
            folder = os.path.join(HERE, "content", key, locale)
            if os.path.isdir(folder):
                reports[(key, locale)] = article_files.import_folder(site, folder, locale,
                                                                     load=load_article_file)
    seed_advisors()
    # After the advisors: the team answers some of the seeded questions.
    questions = _load("community.yaml")
    for key, enabled in communities.items():
        community.seed(sites.get_site(key), questions.get(key), enabled)
    return reports


def seed_status(site, state, windows):
    """Give a demo site its status and maintenance windows, once (later changes are kept)."""
    if state and status.current(site) is None:
        status.set_status(site, state["status"], state.get("message"), author="demo")
    if windows and not status.windows(site):
        for window in windows:
            status.add_window(site, window)


def demo_secrets():
    """Return {site key: identity secret} of the demo sites as sites.yaml defines them."""
    return {d["key"]: d["identity_secret"] for d in _load("sites.yaml")}


def seed_advisors():
    """Create the demo advisors (once) and put them on their sites' teams."""
    for definition in _load("advisors.yaml"):
        advisor = advisors.get_by_email(definition["email"]) or advisors.create_advisor(
            definition["email"], definition["name"], definition["password"],
            locale=definition["locale"])
        for key, role in definition["sites"].items():
            advisors.add_membership(advisor, sites.get_site(key), role)
        if definition.get("owner"):
            advisors.set_owner(advisor, True)
