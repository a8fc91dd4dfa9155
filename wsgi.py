"""A checkout's entry point: `app` for WSGI servers and `flask --app wsgi`; `python wsgi.py` serves.

Everything lives in helpwidget/wsgi.py, so an installed package has it too (`helpwidget serve`,
`helpwidget.wsgi:app`). `python wsgi.py` runs that file as the main script without importing the
helpwidget package first: eventlet must patch the standard library before Flask is imported.
"""
import importlib.util
import os
import runpy

if __name__ == "__main__":
    package = importlib.util.find_spec("helpwidget").submodule_search_locations[0]
    runpy.run_path(os.path.join(package, "wsgi.py"), run_name="__main__")
else:
    from helpwidget.wsgi import app  # noqa: F401
