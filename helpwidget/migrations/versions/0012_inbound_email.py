"""inbound email, chat follow-up by email, per-site mail intake switch

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 22:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('inbound_emails',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dedupe_key', sa.String(length=255), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('envelope_to', sa.JSON(), nullable=False),
    sa.Column('raw', sa.LargeBinary(), nullable=False),
    sa.Column('sender', sa.String(length=320), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('reason', sa.String(length=32), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=True),
    sa.Column('ticket_id', sa.Integer(), nullable=True),
    sa.Column('chat_id', sa.Integer(), nullable=True),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('processed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_inbound_emails_site_id_sites'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name=op.f('fk_inbound_emails_ticket_id_tickets'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['chat_id'], ['chats.id'], name=op.f('fk_inbound_emails_chat_id_chats'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inbound_emails')),
    sa.UniqueConstraint('dedupe_key', name=op.f('uq_inbound_emails_dedupe_key'))
    )
    with op.batch_alter_table('inbound_emails', schema=None) as batch_op:
        batch_op.create_index('ix_inbound_emails_site_state', ['site_id', 'state', 'received_at'], unique=False)
        batch_op.create_index('ix_inbound_emails_sender', ['sender', 'received_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_inbound_emails_state'), ['state'], unique=False)

    with op.batch_alter_table('chats', schema=None) as batch_op:
        batch_op.add_column(sa.Column('emailed_seq', sa.Integer(), server_default='0', nullable=False))
    # Answers given before this version were never meant to be emailed: count them as sent.
    op.execute("UPDATE chats SET emailed_seq = last_seq")

    with op.batch_alter_table('sites', schema=None) as batch_op:
        batch_op.add_column(sa.Column('mail_opens_tickets', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade():
    with op.batch_alter_table('sites', schema=None) as batch_op:
        batch_op.drop_column('mail_opens_tickets')

    with op.batch_alter_table('chats', schema=None) as batch_op:
        batch_op.drop_column('emailed_seq')

    with op.batch_alter_table('inbound_emails', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inbound_emails_state'))
        batch_op.drop_index('ix_inbound_emails_sender')
        batch_op.drop_index('ix_inbound_emails_site_state')

    op.drop_table('inbound_emails')
