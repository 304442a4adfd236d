from django import template

from thidua.organisation import access

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context, action: str, unit) -> bool:
    """{% can "edit" unit as allowed %} — menus and buttons ask the one permission policy."""
    user = context["request"].user
    return access.can(user, access.Action(action), unit)
