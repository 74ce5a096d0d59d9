"""``{% draw_chart figure as chart %}``: the figure laid out for ``metrics/_chart.html``."""

from django import template

from popsote.metrics.charts import render

register = template.Library()


@register.simple_tag
def draw_chart(figure, key=""):
    return render(figure, key=key)
