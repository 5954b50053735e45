"""factory_boy factories for every content model; published by default."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from cases.models import CaseMetric, CaseStudy
from core.models import PublicationStatus, Tier
from directory.models import (
    AIModel,
    DeploymentOption,
    Modality,
    Product,
    ProductCategory,
    Scenario,
    Vendor,
    Vertical,
)
from filings.models import Filing, FilingBatch
from insights.models import StatPoint, StatSeries
from procurement.models import Certification, DeploymentOffer, Platform


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    is_staff = True
    password = factory.PostGenerationMethodCall("set_password", "pw-Atlas-2026")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))
        if create:
            self.save()


class TaxonomyFactory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"term-{n}")
    name_zh = factory.Sequence(lambda n: f"分类{n}")
    name_en = factory.Sequence(lambda n: f"Term {n}")


class VerticalFactory(TaxonomyFactory):
    class Meta:
        model = Vertical


class ScenarioFactory(TaxonomyFactory):
    class Meta:
        model = Scenario


class ProductCategoryFactory(TaxonomyFactory):
    class Meta:
        model = ProductCategory


class ModalityFactory(TaxonomyFactory):
    class Meta:
        model = Modality


class DeploymentOptionFactory(TaxonomyFactory):
    class Meta:
        model = DeploymentOption


class PublishableFactory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True

    status = PublicationStatus.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)


class VendorFactory(PublishableFactory):
    class Meta:
        model = Vendor

    slug = factory.Sequence(lambda n: f"vendor-{n}")
    name_zh = factory.Sequence(lambda n: f"服务商{n}")
    name_en = factory.Sequence(lambda n: f"Vendor {n}")
    kind = Vendor.Kind.AI_NATIVE
    province = "beijing"
    summary_zh = "提供行业大模型解决方案"
    summary_en = "Industry model solutions"


class AIModelFactory(PublishableFactory):
    class Meta:
        model = AIModel
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"model-{n}")
    name_zh = factory.Sequence(lambda n: f"模型{n}")
    name_en = factory.Sequence(lambda n: f"Model {n}")
    vendor = factory.SubFactory(VendorFactory)
    tier = Tier.L0

    @factory.post_generation
    def modalities(self, create, extracted, **kwargs):
        if create and extracted:
            self.modalities.set(extracted)

    @factory.post_generation
    def verticals(self, create, extracted, **kwargs):
        if create and extracted:
            self.verticals.set(extracted)


class ProductFactory(PublishableFactory):
    class Meta:
        model = Product
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"product-{n}")
    name_zh = factory.Sequence(lambda n: f"产品{n}")
    name_en = factory.Sequence(lambda n: f"Product {n}")
    vendor = factory.SubFactory(VendorFactory)
    category = factory.SubFactory(ProductCategoryFactory)

    @factory.post_generation
    def verticals(self, create, extracted, **kwargs):
        if create and extracted:
            self.verticals.set(extracted)


class CaseStudyFactory(PublishableFactory):
    class Meta:
        model = CaseStudy
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"case-{n}")
    title_zh = factory.Sequence(lambda n: f"某银行智能客服案例{n}")
    title_en = factory.Sequence(lambda n: f"Bank customer-service case {n}")
    client_name = "某国有大型银行"
    client_anonymised = True
    client_type = CaseStudy.ClientType.CENTRAL_SOE
    vertical = factory.SubFactory(VerticalFactory)
    tier = Tier.L1
    go_live_year = 2024
    is_sample = True

    @factory.post_generation
    def vendors(self, create, extracted, **kwargs):
        if create:
            self.vendors.set(extracted if extracted is not None else [VendorFactory()])

    @factory.post_generation
    def scenarios(self, create, extracted, **kwargs):
        if create and extracted:
            self.scenarios.set(extracted)

    @factory.post_generation
    def ai_models(self, create, extracted, **kwargs):
        if create and extracted:
            self.ai_models.set(extracted)


class CaseMetricFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseMetric

    case = factory.SubFactory(CaseStudyFactory)
    name_zh = "人工坐席占比"
    name_en = "Share of human agents"
    before = 80
    after = 35
    unit = "%"


class StatSeriesFactory(PublishableFactory):
    class Meta:
        model = StatSeries

    slug = factory.Sequence(lambda n: f"series-{n}")
    name_zh = factory.Sequence(lambda n: f"统计{n}")
    name_en = factory.Sequence(lambda n: f"Statistic {n}")
    source_title = "第一新声研究院整理"


class StatPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StatPoint

    series = factory.SubFactory(StatSeriesFactory)
    period_start = factory.Sequence(
        lambda n: timezone.datetime(2020 + n // 12, n % 12 + 1, 1).date()
    )
    label_zh = factory.LazyAttribute(lambda p: p.period_start.strftime("%Y年%m月"))
    label_en = factory.LazyAttribute(lambda p: p.period_start.strftime("%b %Y"))
    value = 100


class FilingBatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FilingBatch
        django_get_or_create = ("period",)

    period = "2024-04"


class FilingFactory(factory.django.DjangoModelFactory):
    """A row of the CAC register (imported, so no workflow)."""

    class Meta:
        model = Filing

    batch = factory.SubFactory(FilingBatchFactory)
    kind = "beian"
    serial = factory.Sequence(lambda n: n + 1)
    number = factory.Sequence(lambda n: f"Beijing-Model{n}-20230821")
    number_key = factory.LazyAttribute(lambda f: f.number.lower())
    slug = factory.LazyAttribute(lambda f: f.number.lower())
    service_name = factory.Sequence(lambda n: f"模型服务{n}")
    organisation = "北京某科技有限公司"
    organisation_key = factory.LazyAttribute(lambda f: f.organisation)
    region = "北京市"
    province = "beijing"
    filed_on = datetime.date(2023, 8, 31)


def platform(slug: str) -> Platform:
    """One of the curated 信创 platforms (a migration creates them; a transactional test's
    flush removes them, so they are made again from the same list)."""
    import importlib

    curated = importlib.import_module("procurement.migrations.0002_platforms_and_roles")
    for position, (key, zh, en, layer) in enumerate(curated.PLATFORMS):
        if key == slug:
            return Platform.objects.get_or_create(
                slug=slug,
                defaults={"name_zh": zh, "name_en": en, "layer": layer, "position": position},
            )[0]
    raise KeyError(slug)


class CertificationFactory(PublishableFactory):
    """A valid 信创 adaptation to 鲲鹏 unless told otherwise."""

    class Meta:
        model = Certification

    vendor = factory.SubFactory(VendorFactory)
    kind = Certification.Kind.XINCHUANG
    platform = factory.LazyAttribute(
        lambda c: platform("kunpeng") if c.kind == Certification.Kind.XINCHUANG else None
    )
    issuer = "华为鲲鹏生态"
    number = factory.Sequence(lambda n: f"KP-{n:05d}")
    valid_from = datetime.date(2024, 1, 1)
    source_title = "兼容性互认证书"
    source_url = factory.Sequence(lambda n: f"https://example.com/cert/{n}")


class DeploymentOfferFactory(PublishableFactory):
    """A public API offer of a new model unless told otherwise."""

    class Meta:
        model = DeploymentOffer

    ai_model = factory.SubFactory(AIModelFactory)
    vendor = factory.LazyAttribute(lambda o: (o.ai_model or o.product).vendor)
    mode = DeploymentOffer.Mode.PUBLIC_API
