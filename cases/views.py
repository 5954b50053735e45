from django.views.generic import DetailView, ListView

from .models import CaseStudy


class CaseListView(ListView):
    queryset = CaseStudy.objects.published().with_list_relations()
    paginate_by = 20
    template_name = "cases/case_list.html"


class CaseDetailView(DetailView):
    queryset = CaseStudy.objects.public()
    template_name = "cases/case_detail.html"
