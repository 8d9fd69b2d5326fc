"""Private links and badge codes resolve only with the exact token."""

from eventapp.extensions import db
from eventapp.registration.services import find_by_badge_code, find_by_manage_token
from tests.factories import make_event, make_registration


def test_exact_tokens_resolve_and_anything_else_does_not(ctx):
    event, other = make_event(), make_event()
    reg = make_registration(event)
    db.session.commit()
    assert find_by_manage_token(event, reg.manage_token) == reg
    assert find_by_badge_code(reg.badge_code) == reg
    for wrong in (reg.manage_token[:-1], reg.manage_token + "x", reg.manage_token.upper(), "", "1", "../../etc"):
        assert find_by_manage_token(event, wrong) is None, wrong
    # The right token at another event's URL does not work either.
    assert find_by_manage_token(other, reg.manage_token) is None
    # A private-link token is not a badge code and vice versa.
    assert find_by_badge_code(reg.manage_token) is None
    assert find_by_manage_token(event, reg.badge_code) is None
