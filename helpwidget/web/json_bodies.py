"""The app's request class: a JSON body too deeply nested to parse is bad input, not a crash."""
from flask import Request
from werkzeug.exceptions import BadRequest


class SafeJSONRequest(Request):
    """A request whose JSON body, however nested, parses or answers 400."""

    def get_json(self, *args, **kwargs):
        """Parse the body as Flask does; a body nested past the parser's depth is refused.

        Python's parser raises RecursionError, not ValueError, on a body nested thousands
        deep, so Flask would let it escape (a 500 with a traceback), even with silent=True.
        """
        try:
            return super().get_json(*args, **kwargs)
        except RecursionError:
            raise BadRequest("JSON body nested too deeply") from None
