from django.conf import settings

from .navigation import entries_for


def navigation(request):
    user = getattr(request, "user", None)
    if user is None:
        return {}
    main, system = entries_for(user, request.path)
    return {"nav_main": main, "nav_system": system, "site_title": settings.SITE_TITLE}
