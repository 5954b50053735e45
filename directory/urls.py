from django.urls import path

from . import views

app_name = "directory"

urlpatterns = [
    path("vendors/", views.VendorListView.as_view(), name="vendor_list"),
    path("vendors/<slug:slug>/", views.VendorDetailView.as_view(), name="vendor_detail"),
    path("models/", views.ModelListView.as_view(), name="model_list"),
    path("models/<slug:slug>/", views.ModelDetailView.as_view(), name="model_detail"),
    path("products/", views.ProductListView.as_view(), name="product_list"),
    path("products/<slug:slug>/", views.ProductDetailView.as_view(), name="product_detail"),
    path("verticals/", views.VerticalListView.as_view(), name="vertical_list"),
    path("verticals/<slug:slug>/", views.VerticalDetailView.as_view(), name="vertical_detail"),
]
