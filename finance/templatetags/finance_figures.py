"""``{% figure fig "0g" %}``: a ``Figure`` in the reporting currency, as
``finance/portfolio/_figure.html`` renders it, without an ``{% include %}`` per cell
(the portfolio table shows four figures a row)."""

from django import template
from django.template.defaultfilters import floatformat
from django.utils.html import format_html
from django.utils.translation import gettext

register = template.Library()


@register.simple_tag
def figure(fig, digits: str = "2g") -> str:
    amount = floatformat(fig.amount, digits)
    if fig.complete:
        return format_html('<span class="text-nowrap">{}</span>', amount)
    return format_html(
        '<span class="text-nowrap finance-incomplete">{}<sup><abbr title="{}">*</abbr></sup>'
        "</span>",
        amount,
        gettext("Incomplete: a currency has no exchange rate (see the message above)."),
    )
