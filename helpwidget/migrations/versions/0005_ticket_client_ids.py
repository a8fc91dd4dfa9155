"""ticket and comment client ids (a retried submission returns the stored one)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.add_column(sa.Column('client_id', sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(
            batch_op.f('uq_tickets_requester_visitor_id_client_id'),
            ['requester_visitor_id', 'client_id'])

    with op.batch_alter_table('ticket_comments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('client_id', sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(
            batch_op.f('uq_ticket_comments_ticket_id_client_id'), ['ticket_id', 'client_id'])


def downgrade():
    with op.batch_alter_table('ticket_comments', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_ticket_comments_ticket_id_client_id'),
                                 type_='unique')
        batch_op.drop_column('client_id')

    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_tickets_requester_visitor_id_client_id'),
                                 type_='unique')
        batch_op.drop_column('client_id')
