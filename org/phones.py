"""Phone numbers on pages: masked (138****1234) with a 显示 button; each look at a full number is one
audit row (org.views.phone_reveal). Apps register where their numbers live — a kind name, the model,
the READERS kind its page needs and the field — so one view and one include (org/_phone.html) serve
the staff directory, experts, enterprise contacts and office lines, and hazard owners alike."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Source:
    model: type
    reads: str  # the READERS kind a user must be allowed to read
    field: str = "phone"


SOURCES = {}


def register(kind, model, reads, field="phone"):
    SOURCES[kind] = Source(model, reads, field)
