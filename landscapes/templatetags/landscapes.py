from django import template

from landscapes import selectors

register = template.Library()


@register.simple_tag
def partnership_landscapes(partnership):
    """The landscapes a partnership stewards (for its profile page)."""
    return list(selectors.partnership_landscapes(partnership=partnership))
