"""Map service errors onto HTTP: 400 business rule, 409 conflict, 403 permission."""

from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_handler

from core.exceptions import ConflictError, ServiceError


def exception_handler(exc, context):
    if isinstance(exc, ConflictError):
        return Response({"detail": exc.message}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, ServiceError):
        body = {exc.field: [exc.message]} if exc.field else {"detail": exc.message}
        return Response(body, status=status.HTTP_400_BAD_REQUEST)
    return drf_handler(exc, context)
