"""A small published catalogue plus hidden (draft, in-review, archived) rows, for page tests."""

from dataclasses import dataclass, field

from core.models import PublicationStatus
from tests.factories import (
    AIModelFactory,
    CaseMetricFactory,
    CaseStudyFactory,
    DeploymentOptionFactory,
    ModalityFactory,
    ProductCategoryFactory,
    ProductFactory,
    ScenarioFactory,
    VendorFactory,
    VerticalFactory,
)

HIDDEN_STATUSES = (
    PublicationStatus.DRAFT,
    PublicationStatus.IN_REVIEW,
    PublicationStatus.ARCHIVED,
)


@dataclass
class Catalogue:
    finance: object
    government: object
    vendor: object
    other_vendor: object
    base_model: object
    model: object
    product: object
    case: object
    hidden: list = field(default_factory=list)


def build_catalogue() -> Catalogue:
    finance = VerticalFactory(slug="finance", name_zh="金融", name_en="Finance", position=1)
    government = VerticalFactory(slug="government", name_zh="政务", name_en="Government")
    language = ModalityFactory(slug="language", name_zh="语言", name_en="Language")
    private = DeploymentOptionFactory(slug="private", name_zh="私有化部署", name_en="Private")
    service = ScenarioFactory(slug="customer-service", name_zh="客服", name_en="Customer service")
    assistant = ProductCategoryFactory(slug="assistant", name_zh="智能助手", name_en="Assistant")

    vendor = VendorFactory(
        slug="baidu", name_zh="百度", name_en="Baidu", kind="big_tech", verified=True
    )
    other_vendor = VendorFactory(slug="zhipu", name_zh="智谱", name_en="Zhipu AI")
    base_model = AIModelFactory(
        slug="ernie-4",
        name_zh="文心大模型4.0",
        name_en="ERNIE 4.0",
        vendor=vendor,
        tier="L0",
        modalities=[language],
        verticals=[finance, government],
        parameters_billion=260,
        context_window=128000,
        cac_filing_number="Beijing-WenXin-20230821",
        price_input_per_mtok=4,
    )
    model = AIModelFactory(
        slug="ernie-finance",
        name_zh="文心金融大模型",
        name_en="ERNIE Finance",
        vendor=vendor,
        tier="L1",
        base_model=base_model,
        modalities=[language],
        verticals=[finance],
        open_weights=True,
        price_input_per_mtok=12,
    )
    model.deployment_options.set([private])
    product = ProductFactory(
        slug="wenxin-assistant",
        name_zh="文心一言助手",
        name_en="ERNIE Bot Assistant",
        vendor=vendor,
        category=assistant,
        verticals=[finance],
    )
    product.ai_models.set([model])
    product.scenarios.set([service])
    case = CaseStudyFactory(
        slug="bank-service",
        title_zh="某国有大型银行智能客服",
        title_en="Customer service at a state-owned bank",
        vertical=finance,
        tier="L1",
        vendors=[vendor],
        ai_models=[model],
        scenarios=[service],
        region="beijing",
        deployment_mode="private",
        challenge_zh="坐席压力大 <script>alert('x')</script>",
        solution_zh="部署**行业大模型**",
    )
    case.products.set([product])
    CaseMetricFactory(case=case)

    hidden = []
    for status in HIDDEN_STATUSES:
        tag = status.replace("_", "-")
        hidden_vendor = VendorFactory(
            slug=f"hidden-vendor-{tag}", name_zh=f"隐藏厂商{tag}", name_en=f"Hidden vendor {tag}",
            status=status, kind="isv", province="hainan",
        )  # fmt: skip
        hidden_model = AIModelFactory(
            slug=f"hidden-model-{tag}", name_zh=f"隐藏模型{tag}", name_en=f"Hidden model {tag}",
            status=status, vendor=vendor, tier="L2", verticals=[finance],
        )  # fmt: skip
        hidden_product = ProductFactory(
            slug=f"hidden-product-{tag}", name_zh=f"隐藏产品{tag}", name_en=f"Hidden product {tag}",
            status=status, vendor=vendor, category=assistant, verticals=[finance],
        )  # fmt: skip
        hidden_case = CaseStudyFactory(
            slug=f"hidden-case-{tag}", title_zh=f"隐藏案例{tag}", title_en=f"Hidden case {tag}",
            status=status, vertical=finance, vendors=[hidden_vendor, vendor], tier="L2",
            region="hainan", client_type="private",
        )  # fmt: skip
        hidden += [hidden_vendor, hidden_model, hidden_product, hidden_case]
    return Catalogue(
        finance=finance,
        government=government,
        vendor=vendor,
        other_vendor=other_vendor,
        base_model=base_model,
        model=model,
        product=product,
        case=case,
        hidden=hidden,
    )
