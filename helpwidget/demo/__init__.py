"""Demo sites and their help centers, written for this project."""
import os

import yaml

from helpwidget.extensions import db
from helpwidget.models import Site
from helpwidget.services import importer, sites

HERE = os.path.dirname(__file__)


def is_empty():
    """Tell whether the database has no sites yet."""
    return db.session.execute(db.select(Site.id).limit(1)).first() is None


def seed():
    """Create or refresh the demo sites and import their help centers; return the reports."""
    with open(os.path.join(HERE, "sites.yaml"), encoding="utf-8") as source:
        definitions = yaml.safe_load(source)
    reports = {}
    for definition in definitions:
        key = definition.pop("key")
        site = sites.save_site(key, **definition)
        for locale in site.locales:
            folder = os.path.join(HERE, "content", key, locale)
            if os.path.isdir(folder):
                reports[(key, locale)] = importer.import_folder(site, folder, locale)
    return reports
