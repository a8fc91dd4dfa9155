"""Demo community: a few questions and answers per demo site, seeded once."""
from helpwidget.extensions import db
from helpwidget.models import Advisor, EndUser, Post, SiteMembership
from helpwidget.services import community, posts


def seed(site, questions, enabled=True):
    """Turn the site's community on and add the demo questions if it has none yet."""
    site.community_enabled = enabled
    db.session.commit()
    exists = db.session.execute(db.select(Post.id).filter_by(
        site_id=site.id, kind="question").limit(1)).first()
    if exists or not enabled:
        return
    advisor = db.session.execute(db.select(Advisor).join(SiteMembership).where(
        SiteMembership.site_id == site.id).order_by(Advisor.id).limit(1)).scalar_one_or_none()
    for item in questions or []:
        asker = _user(site, item["asker"])
        question = posts.create(site, kind="question", title=item["title"], body=item["body"],
                                locale=item["locale"], user=asker)
        for answer in item.get("answers") or []:
            if answer.get("team") and advisor is None:
                continue
            author = {"advisor": advisor} if answer.get("team") else {
                "user": _user(site, answer["author"])}
            posted = community.answer(site, question, answer["body"], **author)
            if answer.get("accepted") and posted.state == "published":
                community.accept(question, posted.id, user=asker)


def _user(site, name):
    """Return the demo user of this name on the site, created once."""
    external_id = "demo-community-" + name.lower().replace(" ", "-")
    user = db.session.execute(db.select(EndUser).filter_by(
        site_id=site.id, external_id=external_id)).scalar_one_or_none()
    if user is None:
        user = EndUser(site_id=site.id, external_id=external_id, name=name,
                       email=f"{external_id}@demo.helpwidget.example")
        db.session.add(user)
        db.session.commit()
    return user
