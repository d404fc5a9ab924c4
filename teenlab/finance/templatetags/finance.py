from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def euros(value) -> str:
    """An amount in euros with cents, in the active language's format (1 234,50 €)."""
    if value is None:
        return "—"
    return f"{number_format(Decimal(value), decimal_pos=2, force_grouping=True)}\u00a0€"
