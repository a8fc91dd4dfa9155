"""Every message a user can see exists in English, Spanish and Polish."""
import io
import os

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TRANSLATIONS = os.path.join(ROOT, "helpwidget", "translations")


def source_messages():
    """Extract the message ids of the code and templates, as `pybabel extract` does."""
    method_map = [("**/templates/**.html", "jinja2"), ("**.py", "python")]
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None,
                "_l": None}
    found = set()
    for _, _, message, _, _ in extract_from_dir(os.path.join(ROOT, "helpwidget"), method_map,
                                                keywords=keywords):
        found.add(message if isinstance(message, str) else message[0])
    return found


def catalog(code):
    with open(os.path.join(TRANSLATIONS, code, "LC_MESSAGES", "messages.po"), "rb") as po:
        return read_po(po)


@pytest.mark.parametrize("code", ["es", "pl"])
def test_every_message_is_translated(code):
    translated = {(m.id if isinstance(m.id, str) else m.id[0]): m.string for m in catalog(code)
                  if m.id}
    missing = sorted(m for m in source_messages()
                     if not translated.get(m) or not all(translated[m] if isinstance(
                         translated[m], tuple) else [translated[m]]))
    assert missing == [], f"untranslated in {code}: run pybabel update and translate"


@pytest.mark.parametrize("code", ["es", "pl"])
def test_compiled_catalog_matches_its_source(code):
    compiled = io.BytesIO()
    write_mo(compiled, catalog(code))
    with open(os.path.join(TRANSLATIONS, code, "LC_MESSAGES", "messages.mo"), "rb") as mo:
        assert mo.read() == compiled.getvalue(), "run: pybabel compile -d helpwidget/translations"
