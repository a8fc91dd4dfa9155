"""audit trail, advisor invitations and forced resets, server owners, identity secret rotation, chat out of hours

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05 17:15:38.533336

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    # Existing rows keep what they had: new columns default to off and empty.
    op.create_table('advisor_invitations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('advisor_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('purpose', sa.String(length=16), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['advisor_id'], ['advisors.id'], name=op.f('fk_advisor_invitations_advisor_id_advisors'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['advisors.id'], name=op.f('fk_advisor_invitations_created_by_id_advisors'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_advisor_invitations')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_advisor_invitations_token_hash'))
    )
    with op.batch_alter_table('advisor_invitations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_advisor_invitations_advisor_id'), ['advisor_id'], unique=False)

    op.create_table('audit_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=True),
    sa.Column('site_key', sa.String(length=64), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor_email', sa.String(length=320), nullable=False),
    sa.Column('address', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('target', sa.String(length=300), nullable=False),
    sa.Column('target_id', sa.Integer(), nullable=True),
    sa.Column('changes', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['advisors.id'], name=op.f('fk_audit_entries_actor_id_advisors'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_audit_entries_site_id_sites'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_entries'))
    )
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_entries_actor_id'), ['actor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_entries_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_entries_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_entries_site_id'), ['site_id'], unique=False)

    with op.batch_alter_table('advisors', schema=None) as batch_op:
        batch_op.add_column(sa.Column('is_owner', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
        batch_op.add_column(sa.Column('password_reset_required', sa.Boolean(),
                                      nullable=False, server_default=sa.false()))

    with op.batch_alter_table('sites', schema=None) as batch_op:
        batch_op.add_column(sa.Column('previous_identity_secret', sa.String(length=200),
                                      nullable=False, server_default=''))
        batch_op.add_column(sa.Column('previous_secret_expires_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('chat_out_of_hours', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))



def downgrade():
    with op.batch_alter_table('sites', schema=None) as batch_op:
        batch_op.drop_column('chat_out_of_hours')
        batch_op.drop_column('previous_secret_expires_at')
        batch_op.drop_column('previous_identity_secret')

    with op.batch_alter_table('advisors', schema=None) as batch_op:
        batch_op.drop_column('password_reset_required')
        batch_op.drop_column('is_owner')

    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_entries_site_id'))
        batch_op.drop_index(batch_op.f('ix_audit_entries_kind'))
        batch_op.drop_index(batch_op.f('ix_audit_entries_created_at'))
        batch_op.drop_index(batch_op.f('ix_audit_entries_actor_id'))

    op.drop_table('audit_entries')
    with op.batch_alter_table('advisor_invitations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_advisor_invitations_advisor_id'))

    op.drop_table('advisor_invitations')
