"""An article file's front matter, checked as the API checks its input (unknown keys left out)."""
from marshmallow import EXCLUDE

from helpwidget.schemas.article import ArticleInputSchema

# One instance for every file: building a schema copies its fields, which cost an import of
# 10,000 files a second and a half.
_SCHEMA = ArticleInputSchema()


def load_article_file(data):
    """Return the validated article of a file's front matter and body; raise ValidationError."""
    return _SCHEMA.load(data, unknown=EXCLUDE)
