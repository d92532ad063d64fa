"""Links between the pages of a list that keep the list's filters: `{% page_query 3 %}` gives `?q=…&strona=3`."""

from django import template

register = template.Library()

PAGE_PARAMETER = "strona"


@register.simple_tag(takes_context=True)
def page_query(context, number) -> str:
    """The current query string with the page number replaced (every other parameter kept, escaped)."""
    query = context["request"].GET.copy()
    query[PAGE_PARAMETER] = number
    return "?" + query.urlencode()
