"""Attachment files on the uploads disk, outside the web root: paths, atomic writes, room."""
import os
import shutil
import tempfile

from flask import current_app


def disk_low(extra=0):
    """Tell whether the uploads disk would have less than UPLOADS_MIN_FREE_BYTES free."""
    folder = current_app.config["UPLOADS_DIR"]
    os.makedirs(folder, exist_ok=True)
    return shutil.disk_usage(folder).free - extra < current_app.config["UPLOADS_MIN_FREE_BYTES"]


def path_of(storage_key):
    """Return the absolute path of a stored file."""
    return os.path.join(current_app.config["UPLOADS_DIR"], *storage_key.split("/"))


def write_atomically(storage_key, data):
    """Write the file under a temporary name, then move it into place; return its path."""
    path = path_of(storage_key)
    folder = os.path.dirname(path)
    os.makedirs(folder, exist_ok=True)
    # mkstemp creates the file readable by this user only.
    fd, temporary = tempfile.mkstemp(dir=folder, prefix=".upload-")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        remove(temporary)
        raise
    return path


def remove(path):
    """Delete a file if it is there."""
    try:
        os.remove(path)
    except FileNotFoundError:
        pass
