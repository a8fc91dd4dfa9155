"""Help panel strings: articles suggested while writing, "this solved it", popular and related."""
from flask_babel import lazy_gettext as _l

STRINGS = {
    "deflect_heading": _l("These articles may answer your question"),
    "deflect_solved_question": _l("Did this article answer your question?"),
    "deflect_solved": _l("Yes, this solved my problem"),
    "deflect_back_request": _l("No, continue with my request"),
    "deflect_back_chat": _l("No, continue with my chat"),
    "deflect_glad_title": _l("Glad it helped"),
    "deflect_glad": _l("Glad it helped! Your draft has been cleared."),
    "deflect_done": _l("Back to help"),
    "popular_title": _l("Popular for this page"),
    "related_title": _l("Related articles"),
}
