from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """{{ counts|get_item:value }} — dictionary lookup by a variable key."""
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def mask_phones(value):
    """{{ text|mask_phones }} — every phone number inside a free text masked (audit entries)."""
    from core.validators import mask_phones_in

    return mask_phones_in(value)


@register.filter
def mask_phone(value):
    """{{ person.phone|mask_phone }} — 138****1234 in lists; the full number is one audited click away."""
    from core.validators import mask_phone as mask

    return mask(value or "")


@register.filter
def reads(user, kind):
    """{% if user|reads:"inspection_work" %}: may this user read this kind of record (org.roles.READERS)?"""
    from org.roles import may_read

    return may_read(user, kind)
