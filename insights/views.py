from django.views.generic import ListView

from .models import StatSeries


class InsightsView(ListView):
    queryset = StatSeries.objects.published().with_points()
    template_name = "insights/index.html"
