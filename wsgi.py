"""Production entry point: `app` for WSGI servers; `python wsgi.py` serves on 127.0.0.1:5000."""
from helpwidget import create_app

app = create_app()

if __name__ == "__main__":
    from helpwidget import worker

    worker.start(app)  # outbox mail and periodic chores run inside this process
    app.run(host="127.0.0.1", port=5000)
