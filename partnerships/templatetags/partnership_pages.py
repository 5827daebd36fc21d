"""Template helpers for the partnership pages."""

from django import template
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.utils.safestring import SafeString

from partnerships.forms.profile import language_name as _language_name

register = template.Library()


@register.simple_tag(takes_context=True)
def include_if_exists(context, template_name: str, **extra) -> str:
    """``{% include_if_exists "app/partials/piece.html" key=value %}``: render the
    template with the current context when it exists, nothing otherwise. Errors
    inside an existing template are not hidden."""
    try:
        included = get_template(template_name)
    except TemplateDoesNotExist:
        return SafeString("")
    values = context.flatten()
    values.update(extra)
    return included.render(values, context.get("request"))


@register.filter
def language_name(code: str) -> str:
    return _language_name(str(code))
