"""Room names: who hears about what. A client only ever joins the rooms of its own identity."""


def of_visitor(visitor):
    """Return the rooms a visitor's widget joins."""
    rooms = [f"visitor:{visitor.id}"]
    user = visitor.user
    if user is not None:
        rooms.append(f"user:{user.id}")
        if user.account_id:
            rooms.append(account(visitor.site_id, user.account_id))
    return rooms


def of_requester(ticket):
    """Return the rooms that hear about a ticket on the requester side."""
    rooms = [f"user:{ticket.requester_user_id}" if ticket.requester_user_id
             else f"visitor:{ticket.requester_visitor_id}"]
    if ticket.shared and ticket.account_id:
        rooms.append(account(ticket.site_id, ticket.account_id))
    return rooms


def account(site_id, account_id):
    """Return the room of everyone of one customer account on a site (shared tickets)."""
    return f"account:{site_id}:{account_id}"


def site_team(site_id):
    """Return the room of the advisors of a site."""
    return f"site:{site_id}"


def advisor(advisor_id):
    """Return the room of every console connection of one advisor."""
    return f"advisor:{advisor_id}"


def site_visitors(site_id):
    """Return the room of every open widget of a site (availability changes)."""
    return f"site-visitors:{site_id}"
