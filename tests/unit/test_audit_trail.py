"""The audit trail: entries stored with the change, secrets masked, read back by who may."""
from helpwidget.extensions import db
from helpwidget.models import AuditEntry
from helpwidget.services import audit
from tests.support.fixtures_advisors import make_advisor


def test_a_diff_keeps_changed_fields_only_and_masks_secrets():
    before = {"name": "Acme", "brand_color": "#1f6feb", "secret": "old-secret-1234"}
    after = {"name": "Acme", "brand_color": "#0b5cad", "secret": "new-secret-9876"}
    assert audit.diff(before, after, secrets={"secret"}) == {
        "brand_color": ["#1f6feb", "#0b5cad"], "secret": ["…1234", "…9876"]}
    assert audit.mask("") == ""


def test_an_entry_is_stored_with_the_change_it_describes(app, site):
    admin = make_advisor("piotr@support.example.com", "Piotr Nowak", (site, "admin"))
    site.name = "Acme Invoices"
    audit.record(admin, "settings", "settings.general", site=site, target=site.name,
                 changes={"name": ["Acme Facturas", "Acme Invoices"]}, address="10.0.0.7")
    db.session.rollback()  # the change was not committed: neither is its entry
    assert db.session.execute(db.select(db.func.count(AuditEntry.id))).scalar() == 0

    audit.record(admin, "settings", "settings.general", site=site, address="10.0.0.7")
    db.session.commit()
    entry = db.session.execute(db.select(AuditEntry)).scalar_one()
    assert (entry.site_key, entry.actor_email, entry.address, entry.kind) == (
        "acme", "piotr@support.example.com", "10.0.0.7", "settings")


def test_admins_read_their_sites_entries_the_owner_reads_all(app, site, other_site):
    admin = make_advisor("piotr@support.example.com", "Piotr Nowak", (site, "admin"))
    plain = make_advisor("marta@support.example.com", "Marta Gómez", (site, "advisor"))
    other = make_advisor("olga@globex.example.com", "Olga Berg", (other_site, "admin"))
    owner = make_advisor("owner@support.example.com", "Owner")
    owner.is_owner = True
    for actor, where in ((admin, site), (other, other_site), (admin, site)):
        audit.record(actor, "team", "team.role", site=where)
    db.session.commit()

    assert audit.entries(admin)[0] == 2
    assert {e.site_key for e in audit.entries(admin)[1]} == {"acme"}
    assert audit.entries(plain)[0] == 0
    assert audit.entries(owner)[0] == 3
    assert audit.entries(owner, site=other_site)[0] == 1
    assert audit.entries(owner, actor_id=admin.id, kind="team")[0] == 2
    total, page = audit.entries(owner, page=2, per_page=2)
    assert (total, len(page)) == (3, 1)
