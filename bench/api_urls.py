"""The site's URLs plus the naive baseline endpoints, which exist only in the bench.

The baseline is what a first attempt looks like: a plain ModelSerializer with `depth = 1` (every
foreign key and many-to-many nested by default lookups, one query each per row) and no
select_related/prefetch_related.
"""

from django.urls import path
from rest_framework import generics, pagination, serializers

from cases.models import CaseStudy
from config.urls import urlpatterns as site_urlpatterns
from directory.models import AIModel


class PageOf100(pagination.PageNumberPagination):
    page_size = 100


class NaiveCaseSerializer(serializers.ModelSerializer):
    class Meta:
        model = CaseStudy
        exclude = ["submitted_by", "review_comment"]
        depth = 1


class NaiveModelSerializer(serializers.ModelSerializer):
    class Meta:
        model = AIModel
        exclude = ["submitted_by", "review_comment"]
        depth = 1


class NaiveCaseList(generics.ListAPIView):
    queryset = CaseStudy.objects.filter(status="published")
    serializer_class = NaiveCaseSerializer
    pagination_class = PageOf100


class NaiveModelList(generics.ListAPIView):
    queryset = AIModel.objects.filter(status="published")
    serializer_class = NaiveModelSerializer
    pagination_class = PageOf100


urlpatterns = [
    path("bench/naive/cases/", NaiveCaseList.as_view()),
    path("bench/naive/models/", NaiveModelList.as_view()),
    *site_urlpatterns,
]
