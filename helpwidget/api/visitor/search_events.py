"""What a reader did with a search: opened a result, or said an article solved the problem."""
from flask import request

from helpwidget.api.spec.operation import operation
from helpwidget.api.visitor import bp
from helpwidget.auth.limits import limit_per_visitor_and_ip
from helpwidget.auth.visitor import current_visitor, load_site
from helpwidget.schemas.search import SearchClickSchema, SearchSolvedSchema
from helpwidget.services import search_insights


@bp.post("/search/<id:search_id>/click")
@operation("Say which result of one's search was opened, and at which rank.",
           body=SearchClickSchema, status=204)
@limit_per_visitor_and_ip("RATELIMIT_FEEDBACK")
def search_click(search_id):
    """Record the result the reader opened; only the reader who searched may."""
    data = SearchClickSchema().load(request.get_json(silent=True) or {})
    site = load_site(data["site"])
    search_insights.click(site, search_id, current_visitor(site), data["article_id"],
                          rank=data["rank"])
    return "", 204


@bp.post("/search/<id:search_id>/solved")
@operation("Say that an article found by one's search solved the problem.",
           body=SearchSolvedSchema, status=204)
@limit_per_visitor_and_ip("RATELIMIT_FEEDBACK")
def search_solved(search_id):
    """Record that the search ended the reader's problem without asking a person."""
    data = SearchSolvedSchema().load(request.get_json(silent=True) or {})
    site = load_site(data["site"])
    search_insights.click(site, search_id, current_visitor(site), data["article_id"],
                          solved=True)
    return "", 204
