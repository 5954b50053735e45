from django.views.generic import DetailView, ListView

from .models import AIModel, Product, Vendor, Vertical


class VendorListView(ListView):
    queryset = Vendor.objects.published()
    paginate_by = 20
    template_name = "directory/vendor_list.html"


class VendorDetailView(DetailView):
    queryset = Vendor.objects.public()
    template_name = "directory/vendor_detail.html"


class ModelListView(ListView):
    queryset = AIModel.objects.published().with_list_relations()
    paginate_by = 20
    template_name = "directory/model_list.html"


class ModelDetailView(DetailView):
    queryset = AIModel.objects.public()
    template_name = "directory/model_detail.html"


class ProductListView(ListView):
    queryset = Product.objects.published().with_list_relations()
    paginate_by = 20
    template_name = "directory/product_list.html"


class ProductDetailView(DetailView):
    queryset = Product.objects.public()
    template_name = "directory/product_detail.html"


class VerticalDetailView(DetailView):
    model = Vertical
    template_name = "directory/vertical_detail.html"
