"""search insights, synonyms and the sites' insight settings

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 04:06:33.133009

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('insight_salts',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('salt', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('day', name=op.f('pk_insight_salts'))
    )
    op.create_table('search_synonyms',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('locale', sa.String(length=8), nullable=False),
    sa.Column('terms', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_search_synonyms_site_id_sites'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_synonyms'))
    )
    with op.batch_alter_table('search_synonyms', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_search_synonyms_site_id'), ['site_id'], unique=False)

    op.create_table('search_events',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('locale', sa.String(length=8), nullable=False),
    sa.Column('source', sa.String(length=8), nullable=False),
    sa.Column('query', sa.String(length=200), nullable=False),
    sa.Column('results', sa.Integer(), nullable=False),
    sa.Column('clicked_article_id', sa.Integer(), nullable=True),
    sa.Column('clicked_rank', sa.Integer(), nullable=True),
    sa.Column('solved', sa.Boolean(), nullable=False),
    sa.Column('contacted', sa.Boolean(), nullable=False),
    sa.Column('visitor_hash', sa.String(length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['clicked_article_id'], ['articles.id'], name=op.f('fk_search_events_clicked_article_id_articles'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_search_events_site_id_sites'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_events'))
    )
    with op.batch_alter_table('search_events', schema=None) as batch_op:
        # Covering on PostgreSQL (ignored by SQLite): Insights reports scan only the index.
        batch_op.create_index('ix_search_events_site_id_created_at', ['site_id', 'created_at'],
                              unique=False, postgresql_include=[
                                  'source', 'locale', 'query', 'results', 'clicked_article_id',
                                  'clicked_rank', 'solved', 'contacted'])
        batch_op.create_index('ix_search_events_visitor_hash_created_at', ['visitor_hash', 'created_at'], unique=False)

    with op.batch_alter_table('sites', schema=None) as batch_op:
        # Existing sites record searches and keep them 90 days, as new sites do.
        batch_op.add_column(sa.Column('insights_enabled', sa.Boolean(), nullable=False,
                                      server_default=sa.true()))
        batch_op.add_column(sa.Column('insights_retention_days', sa.Integer(), nullable=False,
                                      server_default='90'))



def downgrade():
    with op.batch_alter_table('sites', schema=None) as batch_op:
        batch_op.drop_column('insights_retention_days')
        batch_op.drop_column('insights_enabled')

    with op.batch_alter_table('search_events', schema=None) as batch_op:
        batch_op.drop_index('ix_search_events_visitor_hash_created_at')
        batch_op.drop_index('ix_search_events_site_id_created_at')

    op.drop_table('search_events')
    with op.batch_alter_table('search_synonyms', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_search_synonyms_site_id'))

    op.drop_table('search_synonyms')
    op.drop_table('insight_salts')
