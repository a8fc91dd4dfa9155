"""What the command groups share: finding a site, and stopping on a service's refusal."""
import click

from helpwidget.errors import AppError
from helpwidget.services import sites


def site_or_stop(key):
    """Return the site `key` or stop with a clear message."""
    try:
        return sites.get_site(key)
    except AppError:
        raise click.ClickException(f"no site with key '{key}' (see `flask sites list`)")


def fail(error):
    """Stop with the service's message and the fields it names (never the values typed)."""
    details = "; ".join(f"{field}: {' '.join(str(m) for m in messages)}"
                        for field, messages in error.fields.items())
    raise click.ClickException(f"{error.message}" + (f" ({details})" if details else ""))


def checked(action, *args, **kwargs):
    """Run a service call; turn its refusal into a one-line error (and exit code 1)."""
    try:
        return action(*args, **kwargs)
    except AppError as error:
        fail(error)
