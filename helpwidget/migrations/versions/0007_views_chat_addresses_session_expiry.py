"""article views once per visitor and day, the address a chat started from, identity expiry and session revocation

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05 09:15:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    # Sessions: an identified session ends at its identity's expiry; hosts revoke a user's.
    with op.batch_alter_table('visitors', schema=None) as batch_op:
        batch_op.add_column(sa.Column('identity_expires_at', sa.DateTime(timezone=True),
                                      nullable=True))
    with op.batch_alter_table('end_users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sessions_revoked_at', sa.DateTime(timezone=True),
                                      nullable=True))

    # Limits: a chat remembers where it was started from; article views count once per day.
    with op.batch_alter_table('chats', schema=None) as batch_op:
        batch_op.add_column(sa.Column('start_ip', sa.String(length=64), nullable=False,
                                      server_default=''))
    op.create_table('article_views',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('reader', sa.String(length=64), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'],
                            name=op.f('fk_article_views_article_id_articles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_article_views')),
    sa.UniqueConstraint('article_id', 'reader', 'day',
                        name=op.f('uq_article_views_article_id_reader_day'))
    )
    with op.batch_alter_table('article_views', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_article_views_day'), ['day'], unique=False)


def downgrade():
    with op.batch_alter_table('article_views', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_article_views_day'))
    op.drop_table('article_views')
    with op.batch_alter_table('chats', schema=None) as batch_op:
        batch_op.drop_column('start_ip')
    with op.batch_alter_table('end_users', schema=None) as batch_op:
        batch_op.drop_column('sessions_revoked_at')
    with op.batch_alter_table('visitors', schema=None) as batch_op:
        batch_op.drop_column('identity_expires_at')
