from django.conf import settings

from org.roles import READERS, may_read

from .actions import KEPT
from .navigation import entries_for


class Reads:
    """`{% if reads.coverage %}` in a template: may this user read that kind of record
    (org.roles.READERS)? Asked lazily, once per kind and request."""

    def __init__(self, user):
        self.user, self._known = user, {}

    def __getitem__(self, kind):
        if kind not in READERS:
            raise KeyError(kind)
        if kind not in self._known:
            self._known[kind] = may_read(self.user, kind)
        return self._known[kind]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None:
        return {}
    main, system = entries_for(user, request.path)
    return {"nav_main": main, "nav_system": system, "site_title": settings.SITE_TITLE, "reads": Reads(user)}


def kept_form(request):
    """What a failed action typed (core.actions.keep_typed), once, for the page it returns to."""
    session = getattr(request, "session", None)
    if session is None or KEPT not in session:
        return {}
    return {"kept_form": session.pop(KEPT)}
