"""search change log, its state and the machines applying it

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06 22:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('search_changes',
    sa.Column('seq', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('target_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('seq', name=op.f('pk_search_changes'))
    )
    state = op.create_table('search_log_state',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('last_seq', sa.Integer(), nullable=False),
    sa.Column('pruned_through', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_log_state'))
    )
    # The one row every change locks to take its number.
    op.bulk_insert(state, [{"id": 1, "last_seq": 0, "pruned_through": 0}])
    op.create_table('search_nodes',
    sa.Column('node_id', sa.String(length=64), nullable=False),
    sa.Column('host', sa.String(length=200), nullable=False),
    sa.Column('applied_seq', sa.Integer(), nullable=False),
    sa.Column('seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('node_id', name=op.f('pk_search_nodes'))
    )


def downgrade():
    op.drop_table('search_nodes')
    op.drop_table('search_log_state')
    op.drop_table('search_changes')
