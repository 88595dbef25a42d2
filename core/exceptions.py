"""Errors raised by service functions. Messages are Chinese and say what to fix;
views show them to the user, the API returns them as 400/403/409."""


class ServiceError(Exception):
    """A business rule refused the operation; nothing was changed."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


class ConflictError(ServiceError):
    """Someone else changed the record since it was loaded (optimistic lock)."""

    def __init__(self, message="该记录已被他人修改，请刷新页面后重新编辑。"):
        super().__init__(message)
