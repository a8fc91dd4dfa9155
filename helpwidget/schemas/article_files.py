"""An article file's front matter, checked as the API checks its input (unknown keys left out)."""
from marshmallow import EXCLUDE

from helpwidget.schemas.article import ArticleInputSchema


def load_article_file(data):
    """Return the validated article of a file's front matter and body; raise ValidationError."""
    return ArticleInputSchema().load(data, unknown=EXCLUDE)
