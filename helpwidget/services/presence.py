"""Advisor presence: who chose to take chats, and which of them has a live console right now.

Each console connection is a row refreshed by its server process; rows of a process that died
stop being refreshed and stop counting after PRESENCE_TTL seconds, so a crash never leaves a
site looking staffed.
"""
from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l

from helpwidget.errors import Invalid
from helpwidget.extensions import db
from helpwidget.models import Advisor, AdvisorConnection, SiteMembership
from helpwidget.services import business_hours
from helpwidget.services.timeutil import utcnow

CHOICES = ("online", "away")


def set_presence(advisor, status):
    """Record whether the advisor takes chats now ("online") or not ("away")."""
    if status not in CHOICES:
        message = _l("Choose online or away.")
        raise Invalid(message, fields={"status": [message]})
    advisor.presence = status
    db.session.commit()
    return status


def connected(sid, advisor_id, token_id=None):
    """Record a new console connection and the session it signed in with."""
    db.session.merge(AdvisorConnection(sid=sid, advisor_id=advisor_id, token_id=token_id,
                                       seen_at=utcnow()))
    db.session.commit()


def disconnected(sid):
    """Forget a console connection."""
    db.session.execute(db.delete(AdvisorConnection).where(AdvisorConnection.sid == sid))
    db.session.commit()


def refresh(sids):
    """Mark this process's live connections as still there; drop rows nobody refreshed.

    Return the ids of the advisors whose dropped rows were theirs (their consoles died).
    """
    now = utcnow()
    if sids:
        db.session.execute(db.update(AdvisorConnection).where(AdvisorConnection.sid.in_(sids))
                           .values(seen_at=now))
    stale = AdvisorConnection.seen_at < _cutoff(now)
    dropped = set(db.session.execute(
        db.select(AdvisorConnection.advisor_id).where(stale).distinct()).scalars())
    db.session.execute(db.delete(AdvisorConnection).where(stale))
    db.session.commit()
    return dropped


def connections_of(advisor_id, token_ids=None):
    """Return the sids of an advisor's console connections (of these sessions, if given)."""
    query = db.select(AdvisorConnection.sid).where(AdvisorConnection.advisor_id == advisor_id)
    if token_ids is not None:
        query = query.where(AdvisorConnection.token_id.in_(token_ids))
    return db.session.execute(query).scalars().all()


def is_live(advisor_id):
    """Tell whether the advisor has a console open now."""
    return db.session.execute(db.select(AdvisorConnection.sid).where(
        AdvisorConnection.advisor_id == advisor_id,
        AdvisorConnection.seen_at >= _cutoff(utcnow())).limit(1)).first() is not None


def online_advisor_ids(site):
    """Return the ids of the site's advisors who are online with a console open."""
    return set(db.session.execute(
        db.select(Advisor.id).join(SiteMembership, SiteMembership.advisor_id == Advisor.id)
        .join(AdvisorConnection, AdvisorConnection.advisor_id == Advisor.id)
        .where(SiteMembership.site_id == site.id, Advisor.active.is_(True),
               Advisor.presence == "online", AdvisorConnection.seen_at >= _cutoff(utcnow()))
    ).scalars())


def availability(site, now=None):
    """Return what the widget shows: advisors online, within hours, and whether to offer chat."""
    now = now or utcnow()
    online = bool(online_advisor_ids(site))
    within = business_hours.is_open(site, now)
    opens = business_hours.next_open(site, now)
    # Out of hours a site may still offer chat to whoever finds an advisor online.
    can_chat = online and (within or bool(site.chat_out_of_hours))
    return {"online": online, "within_hours": within, "can_chat": can_chat,
            "next_open": opens}


def _cutoff(now):
    """Return the oldest refresh time that still counts as live."""
    return now - timedelta(seconds=current_app.config["PRESENCE_TTL"])
