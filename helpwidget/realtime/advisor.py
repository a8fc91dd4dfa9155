"""The /advisor namespace: the console's live channel, authenticated by an advisor session."""
from flask_socketio import Namespace, join_room

from helpwidget.realtime import rooms


class AdvisorNamespace(Namespace):
    """Console connections: they hear every ticket event and alert of their sites."""

    def on_connect(self, auth=None):
        """Accept an active advisor's token; join the team room of each of their sites."""
        from helpwidget.services import advisors

        auth = auth if isinstance(auth, dict) else {}
        token = auth.get("token")
        advisor = advisors.advisor_for_token(token) if isinstance(token, str) else None
        if advisor is None:
            raise ConnectionRefusedError("unauthorized")
        join_room(f"advisor:{advisor.id}")
        for membership in advisor.memberships:
            join_room(rooms.site_team(membership.site_id))
