"""`generate_demo`: synthetic, realistic directory data at scale, every row flagged sample.

Names and texts are assembled from phrase banks in the report's vocabulary, in Chinese and
English, so that search meets what it will meet in production: short domain terms (金融, 客服,
医疗影像), very common ones (大模型, 平台, AI), Latin model names and numbers.
"""

import random
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from cases.models import CaseMetric, CaseStudy
from core.editorial import as_operator
from core.models import PublicationStatus, Tier
from core.sorting import fill_name_sort
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

SLUG_PREFIX = "demo-"
BATCH = 2000

TAXONOMY = {
    Vertical: [
        ("government", "政务", "Government"),
        ("finance", "金融", "Finance"),
        ("healthcare", "医疗", "Healthcare"),
        ("education", "教育", "Education"),
        ("transport", "交通", "Transport"),
        ("manufacturing", "工业制造", "Manufacturing"),
        ("energy", "能源", "Energy"),
        ("telecom", "通信", "Telecom"),
        ("retail", "零售电商", "Retail & e-commerce"),
        ("media", "文娱传媒", "Media & entertainment"),
        ("legal", "法律", "Legal"),
        ("agriculture", "农业", "Agriculture"),
        ("research", "科研", "Research"),
    ],
    Scenario: [
        ("marketing", "营销", "Marketing"),
        ("customer-service", "客服", "Customer service"),
        ("operations", "运营", "Operations"),
        ("office-knowledge", "办公知识", "Office & knowledge"),
        ("coding", "研发编码", "Coding"),
        ("content-creation", "内容生成", "Content creation"),
        ("data-analysis", "数据分析", "Data analysis"),
    ],
    ProductCategory: [
        ("xinchuang-cloud", "信创云", "信创 cloud"),
        ("database", "数据库", "Database"),
        ("crm", "CRM", "CRM"),
        ("security-software", "安全软件", "Security software"),
        ("assistant", "智能助手", "Assistant"),
        ("coding-assistant", "编码助手", "Coding assistant"),
        ("customer-service-bot", "智能客服", "Customer-service bot"),
        ("marketing-content", "营销内容", "Marketing content"),
        ("knowledge-base", "知识库", "Knowledge base"),
    ],
    Modality: [
        ("language", "语言", "Language"),
        ("vision", "视觉", "Vision"),
        ("multimodal", "多模态", "Multimodal"),
        ("speech", "语音", "Speech & audio"),
        ("video", "视频", "Video"),
    ],
    DeploymentOption: [
        ("public-api", "公有云 API", "Public API"),
        ("private", "私有化部署", "Private deployment"),
        ("hybrid", "混合部署", "Hybrid"),
        ("xinchuang", "信创环境（国产芯片）", "信创 stack (domestic chips)"),
    ],
}

NAME_PARTS = [
    ("云启", "Yunqi"),
    ("星河", "Xinghe"),
    ("天工", "Tiangong"),
    ("数智", "Shuzhi"),
    ("灵犀", "Lingxi"),
    ("智源", "Zhiyuan"),
    ("深维", "Shenwei"),
    ("鸿图", "Hongtu"),
    ("九章", "Jiuzhang"),
    ("明略", "Minglue"),
    ("澜舟", "Lanzhou"),
    ("衡元", "Hengyuan"),
    ("极目", "Jimu"),
    ("博越", "Boyue"),
    ("新迈", "Xinmai"),
    ("知行", "Zhixing"),
    ("青云", "Qingyun"),
    ("海纳", "Haina"),
    ("卓远", "Zhuoyuan"),
    ("易图", "Yitu"),
    ("睿思", "Ruisi"),
    ("航信", "Hangxin"),
    ("中科", "Zhongke"),
    ("华智", "Huazhi"),
    ("云雀", "Yunque"),
    ("磐石", "Panshi"),
    ("北辰", "Beichen"),
    ("东方", "Dongfang"),
    ("千寻", "Qianxun"),
    ("墨子", "Mozi"),
    ("启明", "Qiming"),
    ("浩瀚", "Haohan"),
    ("长风", "Changfeng"),
    ("金桥", "Jinqiao"),
    ("玄武", "Xuanwu"),
    ("朱雀", "Zhuque"),
    ("曜石", "Yaoshi"),
    ("问道", "Wendao"),
    ("观澜", "Guanlan"),
    ("百川", "Baichuan"),
]
NAME_SUFFIXES = [
    ("科技", "Technology"),
    ("智能", "AI"),
    ("数据", "Data"),
    ("信息技术", "IT"),
    ("软件", "Software"),
    ("网络", "Networks"),
    ("云计算", "Cloud"),
    ("人工智能研究院", "AI Institute"),
]
CITIES = [
    ("北京", "Beijing", "beijing"),
    ("上海", "Shanghai", "shanghai"),
    ("深圳", "Shenzhen", "guangdong"),
    ("杭州", "Hangzhou", "zhejiang"),
    ("广州", "Guangzhou", "guangdong"),
    ("成都", "Chengdu", "sichuan"),
    ("南京", "Nanjing", "jiangsu"),
    ("武汉", "Wuhan", "hubei"),
    ("合肥", "Hefei", "anhui"),
    ("西安", "Xi'an", "shaanxi"),
    ("苏州", "Suzhou", "jiangsu"),
    ("天津", "Tianjin", "tianjin"),
]
MODEL_SERIES = [
    ("大模型", "LLM", "language"),
    ("通用大模型", "General", "language"),
    ("视觉大模型", "Vision", "vision"),
    ("多模态大模型", "Omni", "multimodal"),
    ("语音大模型", "Speech", "speech"),
    ("视频生成大模型", "Video", "video"),
    ("金融大模型", "Fin", "language"),
    ("医疗大模型", "Med", "multimodal"),
    ("政务大模型", "Gov", "language"),
    ("代码大模型", "Coder", "language"),
    ("工业大模型", "Industry", "multimodal"),
    ("法律大模型", "Law", "language"),
]
VERSIONS = ["1.0", "2.0", "2.5", "3.0", "3.5", "4.0", "Pro", "Max", "Lite", "Turbo", "4o", "V2"]
PRODUCT_KINDS = [
    ("智能客服平台", "Customer Service Platform", "customer-service-bot"),
    ("知识库问答助手", "Knowledge Assistant", "knowledge-base"),
    ("营销内容工厂", "Marketing Studio", "marketing-content"),
    ("编码助手", "Code Assistant", "coding-assistant"),
    ("信创云平台", "Xinchuang Cloud", "xinchuang-cloud"),
    ("办公智能助手", "Office Copilot", "assistant"),
    ("分布式数据库", "Distributed Database", "database"),
    ("大模型安全网关", "AI Security Gateway", "security-software"),
    ("智能CRM", "AI CRM", "crm"),
]
CLIENTS = {
    "government": [
        ("某省政务服务中心", "a provincial government service centre"),
        ("某市大数据局", "a municipal big-data bureau"),
        ("某区行政审批局", "a district administrative approval bureau"),
        ("某市12345热线", "a city 12345 hotline"),
    ],
    "finance": [
        ("某国有大型银行", "a large state-owned bank"),
        ("某城商行", "a city commercial bank"),
        ("某保险集团", "an insurance group"),
        ("某证券公司", "a securities firm"),
    ],
    "healthcare": [
        ("某三甲医院", "a top-tier (3A) hospital"),
        ("某省人民医院", "a provincial people's hospital"),
        ("某医疗集团", "a healthcare group"),
    ],
    "education": [("某985高校", "a leading university"), ("某市教育局", "a city education bureau")],
    "transport": [
        ("某地铁集团", "a metro operator"),
        ("某港口集团", "a port group"),
        ("某航空公司", "an airline"),
    ],
    "manufacturing": [
        ("某汽车制造商", "a car maker"),
        ("某钢铁集团", "a steel group"),
        ("某家电企业", "a home-appliance maker"),
    ],
    "energy": [
        ("某电网公司", "a power-grid company"),
        ("某石化企业", "a petrochemical company"),
        ("某新能源集团", "a new-energy group"),
    ],
    "telecom": [("某运营商省公司", "a carrier's provincial branch")],
    "retail": [("某电商平台", "an e-commerce platform"), ("某连锁超市", "a supermarket chain")],
    "media": [("某省级广电集团", "a provincial broadcaster"), ("某出版集团", "a publishing group")],
    "legal": [("某律师事务所", "a law firm"), ("某市中级人民法院", "an intermediate court")],
    "agriculture": [
        ("某农垦集团", "a state farm group"),
        ("某农业科技公司", "an agritech company"),
    ],
    "research": [
        ("某国家重点实验室", "a state key laboratory"),
        ("某科学院研究所", "an academy research institute"),
    ],
}
VERTICAL_TOPICS = {
    "government": [("政务热线", "government hotline"), ("政策问答", "policy Q&A")],
    "finance": [
        ("信贷审批", "credit approval"),
        ("反欺诈", "anti-fraud"),
        ("投研报告", "research reports"),
    ],
    "healthcare": [
        ("医疗影像辅助诊断", "medical-imaging diagnosis"),
        ("电子病历生成", "medical-record drafting"),
        ("智能导诊", "patient triage"),
    ],
    "education": [("个性化辅导", "personalised tutoring"), ("作业批改", "homework marking")],
    "transport": [("调度优化", "dispatch optimisation"), ("客运服务", "passenger service")],
    "manufacturing": [("质检", "quality inspection"), ("设备预测性维护", "predictive maintenance")],
    "energy": [("电力巡检", "grid inspection"), ("安全生产", "safety management")],
    "telecom": [("网络运维", "network operations"), ("套餐推荐", "plan recommendation")],
    "retail": [("商品文案生成", "product copywriting"), ("智能导购", "shopping assistant")],
    "media": [("新闻写作", "news writing"), ("短视频脚本生成", "short-video scripts")],
    "legal": [("合同审查", "contract review"), ("类案检索", "similar-case retrieval")],
    "agriculture": [("病虫害识别", "pest recognition"), ("农技问答", "agronomy Q&A")],
    "research": [("文献综述", "literature review"), ("科学计算", "scientific computing")],
}
SCENARIO_TOPICS = {
    "marketing": [("精准营销", "targeted marketing"), ("数字人直播", "digital-human livestreams")],
    "customer-service": [("智能客服", "AI customer service"), ("坐席辅助", "agent assist")],
    "operations": [("智能运维", "AIOps"), ("运营分析", "operations analytics")],
    "office-knowledge": [("知识库问答", "knowledge-base Q&A"), ("公文写作", "document drafting")],
    "coding": [("代码生成", "code generation"), ("研发提效", "developer productivity")],
    "content-creation": [("内容生成", "content generation"), ("AIGC创作", "AIGC creation")],
    "data-analysis": [("智能报表", "smart reporting"), ("风险预警", "risk alerts")],
}
CHALLENGES_ZH = [
    "{client}每天需要处理大量{topic}相关的咨询，人工处理效率低、成本高。",
    "原有系统基于规则引擎，难以理解复杂语义，准确率不足{n}%。",
    "业务数据分散在多个系统中，缺少统一的知识平台和数据治理。",
    "业务高峰期坐席压力大，平均响应时间超过{n}秒。",
    "数据安全与合规要求高，无法直接使用公有云大模型服务。",
    "一线人员经验难以沉淀，新员工培训周期长达{n}周。",
]
SOLUTIONS_ZH = [
    "{vendor}基于{model}构建{product}，采用{deploy}方式部署。",
    "通过检索增强生成（RAG）接入企业知识库，结合大模型实现{topic}。",
    "平台支持国产芯片与信创操作系统，满足数据不出域的安全要求。",
    "引入AI智能体自动完成{topic}流程中的信息抽取、核验与生成。",
    "在行业大模型之上进行微调，并与现有业务平台打通。",
    "建设统一的大模型中台，为多个业务部门提供AI能力。",
]
OUTCOMES_ZH = [
    "{metric}由{before}{unit}降至{after}{unit}。",
    "上线后{topic}效率提升{n}%，人工工作量明显下降。",
    "覆盖{n}个业务场景，累计服务用户超过{m}万人次。",
    "大模型回答准确率达到{n}%，用户满意度持续提升。",
]
CHALLENGES_EN = [
    "{client_en} handles a large volume of {topic_en} requests by hand, slowly and at high cost.",
    "The legacy rule-based system misread complex questions; accuracy stayed below {n}%.",
    "Business data was scattered across systems with no shared knowledge platform.",
    "Strict data-security rules ruled out public-cloud AI services.",
]
SOLUTIONS_EN = [
    "{vendor_en} built {product_en} on {model_en}, deployed as {deploy_en}.",
    "Retrieval-augmented generation connects the large model to the enterprise knowledge base.",
    "The platform runs on domestic chips and a 信创 operating system.",
    "AI agents automate extraction, checking and drafting in the {topic_en} workflow.",
]
OUTCOMES_EN = [
    "{metric_en} fell from {before}{unit} to {after}{unit}.",
    "{topic_en} throughput rose by {n}% after go-live.",
    "The AI platform now serves {m}0,000 users across {n} scenarios.",
]
METRICS = [
    ("人工坐席占比", "Share of human agents", "%"),
    ("平均响应时间", "Average response time", "秒"),
    ("审批时长", "Approval time", "小时"),
    ("差错率", "Error rate", "%"),
    ("单件处理成本", "Cost per item", "元"),
]
DEPLOY = [
    ("私有化部署", "a private deployment", "private"),
    ("公有云API", "a public-cloud API", "public_cloud"),
    ("混合部署", "a hybrid deployment", "hybrid"),
    ("信创私有化", "a 信创 private stack", "xinchuang"),
]


KIND_ZH = {
    "big_tech": "科技巨头",
    "ai_native": "AI原生企业",
    "research": "科研机构",
    "cloud": "云服务商",
    "isv": "软件服务商",
    "soe": "国企科技公司",
}
KIND_EN = {
    "big_tech": "Big-tech company",
    "ai_native": "AI-native company",
    "research": "Research institute",
    "cloud": "Cloud provider",
    "isv": "ISV",
    "soe": "SOE technology subsidiary",
}


@dataclass
class Sizes:
    vendors: int
    models: int
    products: int
    cases: int

    @classmethod
    def for_cases(cls, cases: int) -> "Sizes":
        """About 2k vendors and 10k models and products per 100k cases (at least a few)."""
        return cls(
            vendors=max(10, cases // 50),
            models=max(20, cases // 10),
            products=max(20, cases // 10),
            cases=cases,
        )


def _status(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.9:
        return PublicationStatus.PUBLISHED
    return PublicationStatus.DRAFT if roll < 0.95 else PublicationStatus.ARCHIVED


def _published_at(rng: random.Random, status: str):
    if status == PublicationStatus.DRAFT:
        return None
    day = date(2023, 3, 1) + timedelta(days=rng.randrange(0, 1000))
    return datetime(day.year, day.month, day.day, 9, tzinfo=UTC)


def _taxonomy() -> dict:
    terms = {}
    for model, rows in TAXONOMY.items():
        for position, (slug, zh, en) in enumerate(rows):
            model.objects.get_or_create(
                slug=slug, defaults={"name_zh": zh, "name_en": en, "position": position}
            )
        terms[model] = {term.slug: term for term in model.objects.all()}
    return terms


def clear_demo() -> None:
    """Delete earlier demo rows (slug prefix `demo-`) and everything hanging off them."""
    from procurement.models import Certification, DeploymentOffer

    for fact in (Certification, DeploymentOffer):  # they protect their vendors
        fact.objects.filter(vendor__slug__startswith=SLUG_PREFIX).delete()
    for model in (CaseStudy, Product, AIModel, Vendor):
        model.objects.filter(slug__startswith=SLUG_PREFIX).delete()


@transaction.atomic
def generate(*, cases: int, seed: int = 1, log=print) -> Sizes:
    from core import facets
    from search.signals import paused

    rng = random.Random(seed)
    sizes = Sizes.for_cases(cases)
    with paused(), facets.paused():
        terms = _taxonomy()
        verticals, scenarios = terms[Vertical], terms[Scenario]
        vendors = _vendors(rng, sizes.vendors)
        log(f"vendors: {len(vendors)}")
        models_ = _models(rng, sizes.models, vendors, terms)
        log(f"models: {len(models_)}")
        products = _products(rng, sizes.products, vendors, models_, terms)
        log(f"products: {len(products)}")
        _cases(rng, sizes.cases, vendors, models_, products, verticals, scenarios, log)
        log(f"cases: {sizes.cases}")
        from procurement.services import demo_fill

        demo_fill(vendor_slug_prefix=SLUG_PREFIX, seed=seed, log=log)
    return sizes


def _vendors(rng, count) -> list[Vendor]:
    rows = []
    for i in range(count):
        part_zh, part_en = rng.choice(NAME_PARTS)
        suffix_zh, suffix_en = rng.choice(NAME_SUFFIXES)
        city_zh, city_en, province = rng.choice(CITIES)
        status = _status(rng)
        kind = rng.choice(Vendor.Kind.values)
        rows.append(
            Vendor(
                slug=f"{SLUG_PREFIX}vendor-{i}",
                name_zh=f"{city_zh}{part_zh}{suffix_zh}",
                name_en=f"{part_en} {suffix_en} ({city_en})",
                kind=kind,
                province=province,
                city=city_zh,
                founded_year=rng.randrange(1998, 2024),
                summary_zh=f"{city_zh}的{KIND_ZH[kind]}，专注行业大模型与AI应用平台。",
                summary_en=f"{KIND_EN[kind]} in {city_en} building industry models "
                "and AI application platforms.",
                description_zh="公司提供大模型训练、推理与私有化部署服务，产品覆盖"
                + "、".join(rng.sample([v[1] for v in TAXONOMY[Vertical]], 3))
                + "等行业。",
                description_en="Training, inference and private deployment of large models.",
                verified=rng.random() < 0.2,
                featured=rng.random() < 0.02,
                status=status,
                published_at=_published_at(rng, status),
                is_sample=True,
            )
        )
    return Vendor.objects.bulk_create(fill_name_sort(rows), batch_size=BATCH)


def _models(rng, count, vendors, terms) -> list[AIModel]:
    rows, modality_links, vertical_links = [], [], []
    vertical_list = list(terms[Vertical].values())
    for i in range(count):
        vendor = rng.choice(vendors)
        series_zh, series_en, modality = rng.choice(MODEL_SERIES)
        part_zh, part_en = rng.choice(NAME_PARTS)
        version = rng.choice(VERSIONS)
        status = _status(rng)
        tier = rng.choice(Tier.values)
        rows.append(
            AIModel(
                slug=f"{SLUG_PREFIX}model-{i}",
                name_zh=f"{part_zh}{series_zh} {version}",
                name_en=f"{part_en}-{series_en} {version}",
                vendor=vendor,
                tier=tier,
                parameters_billion=rng.choice([7, 13, 34, 70, 130, 236]),
                context_window=rng.choice([8192, 32768, 128000]),
                open_weights=rng.random() < 0.3,
                release_date=date(2023, 1, 1) + timedelta(days=rng.randrange(0, 1000)),
                summary_zh=f"{vendor.name_zh}发布的{series_zh}，支持私有化部署与API调用。",
                summary_en=f"{series_en} model by {vendor.name_en}; API and private deployment.",
                description_zh=f"{part_zh}{series_zh}面向{rng.choice(vertical_list).name_zh}等行业，"
                "提供知识问答、内容生成与智能体能力。",
                description_en="Knowledge Q&A, content generation and agent capabilities.",
                featured=rng.random() < 0.02,
                status=status,
                published_at=_published_at(rng, status),
                is_sample=True,
            )
        )
        modality_links.append(modality)
        vertical_links.append(rng.sample(vertical_list, rng.randrange(0, 3)))
    created = AIModel.objects.bulk_create(fill_name_sort(rows), batch_size=BATCH)
    modalities = terms[Modality]
    AIModel.modalities.through.objects.bulk_create(
        [
            AIModel.modalities.through(aimodel_id=m.pk, modality_id=modalities[slug].pk)
            for m, slug in zip(created, modality_links, strict=True)
        ],
        batch_size=BATCH * 5,
    )
    AIModel.verticals.through.objects.bulk_create(
        [
            AIModel.verticals.through(aimodel_id=m.pk, vertical_id=v.pk)
            for m, vs in zip(created, vertical_links, strict=True)
            for v in vs
        ],
        batch_size=BATCH * 5,
    )
    return created


def _products(rng, count, vendors, models_, terms) -> list[Product]:
    rows, model_links, vertical_links = [], [], []
    categories = terms[ProductCategory]
    vertical_list = list(terms[Vertical].values())
    # Industry products name the verticals they serve (a vertical page otherwise shows no
    # products). Their own generator, so the rest of the demo data stays as it was.
    vertical_rng = random.Random(rng.random())
    for i in range(count):
        vendor = rng.choice(vendors)
        kind_zh, kind_en, category = rng.choice(PRODUCT_KINDS)
        part_zh, part_en = rng.choice(NAME_PARTS)
        status = _status(rng)
        rows.append(
            Product(
                slug=f"{SLUG_PREFIX}product-{i}",
                name_zh=f"{part_zh}{kind_zh}",
                name_en=f"{part_en} {kind_en}",
                vendor=vendor,
                category=categories[category],
                summary_zh=f"基于大模型的{kind_zh}，支持私有化部署。",
                summary_en=f"{kind_en} built on large models; private deployment available.",
                description_zh=f"{vendor.name_zh}推出的{kind_zh}，提供开箱即用的AI能力与平台集成。",
                description_en="Out-of-the-box AI features and platform integration.",
                featured=rng.random() < 0.02,
                status=status,
                published_at=_published_at(rng, status),
                is_sample=True,
            )
        )
        model_links.append(rng.sample(models_, rng.randrange(1, 3)))
        vertical_links.append(vertical_rng.sample(vertical_list, vertical_rng.randrange(1, 3)))
    created = Product.objects.bulk_create(fill_name_sort(rows), batch_size=BATCH)
    Product.verticals.through.objects.bulk_create(
        [
            Product.verticals.through(product_id=p.pk, vertical_id=v.pk)
            for p, vs in zip(created, vertical_links, strict=True)
            for v in vs
        ],
        batch_size=BATCH * 5,
    )
    Product.ai_models.through.objects.bulk_create(
        [
            Product.ai_models.through(product_id=p.pk, aimodel_id=m.pk)
            for p, ms in zip(created, model_links, strict=True)
            for m in ms
        ],
        batch_size=BATCH * 5,
    )
    return created


def _fill(template: str, values: dict) -> str:
    return template.format(**values)


def _cases(rng, count, vendors, models_, products, verticals, scenarios, log) -> None:
    vertical_slugs = list(CLIENTS)
    scenario_slugs = list(SCENARIO_TOPICS)
    for start in range(0, count, BATCH):
        rows, links = [], []
        for i in range(start, min(count, start + BATCH)):
            vslug = rng.choice(vertical_slugs)
            sslugs = rng.sample(scenario_slugs, rng.randrange(1, 3))
            client_zh, client_en = rng.choice(CLIENTS[vslug])
            topic_zh, topic_en = rng.choice(VERTICAL_TOPICS[vslug] + SCENARIO_TOPICS[sslugs[0]])
            vendor = rng.choice(vendors)
            model = rng.choice(models_)
            product = rng.choice(products)
            deploy_zh, deploy_en, deploy_mode = rng.choice(DEPLOY)
            metric_zh, metric_en, unit = rng.choice(METRICS)
            before = rng.randrange(20, 100)
            values = {
                "client": client_zh,
                "client_en": client_en,
                "topic": topic_zh,
                "topic_en": topic_en,
                "vendor": vendor.name_zh,
                "vendor_en": vendor.name_en,
                "model": model.name_zh,
                "model_en": model.name_en,
                "product": product.name_zh,
                "product_en": product.name_en,
                "deploy": deploy_zh,
                "deploy_en": deploy_en,
                "metric": metric_zh,
                "metric_en": metric_en,
                "unit": unit,
                "before": before,
                "after": rng.randrange(1, before),
                "n": rng.randrange(3, 95),
                "m": rng.randrange(2, 900),
            }
            status = _status(rng)
            title_tail = rng.choice(["大模型应用", "AI平台建设", "智能化升级", "大模型落地实践"])
            rows.append(
                CaseStudy(
                    slug=f"{SLUG_PREFIX}case-{i}",
                    title_zh=f"{client_zh}{topic_zh}{title_tail}",
                    title_en=f"{topic_en.capitalize()} with large models at {client_en}",
                    client_name=client_zh,
                    client_anonymised=True,
                    client_type=rng.choice(CaseStudy.ClientType.values),
                    vertical=verticals[vslug],
                    tier=rng.choice(Tier.values),
                    deployment_mode=deploy_mode,
                    region=rng.choice(CITIES)[2],
                    go_live_year=rng.randrange(2023, 2027),
                    summary_zh=f"{vendor.name_zh}为{client_zh}建设{topic_zh}大模型应用，"
                    f"{_fill(rng.choice(OUTCOMES_ZH), values)}",
                    summary_en=f"{vendor.name_en} brought large models to {topic_en} "
                    f"at {client_en}.",
                    challenge_zh="".join(_fill(t, values) for t in rng.sample(CHALLENGES_ZH, 2)),
                    solution_zh="".join(_fill(t, values) for t in rng.sample(SOLUTIONS_ZH, 3)),
                    outcome_zh="".join(_fill(t, values) for t in rng.sample(OUTCOMES_ZH, 2)),
                    challenge_en=" ".join(_fill(t, values) for t in rng.sample(CHALLENGES_EN, 2)),
                    solution_en=" ".join(_fill(t, values) for t in rng.sample(SOLUTIONS_EN, 2)),
                    outcome_en=" ".join(_fill(t, values) for t in rng.sample(OUTCOMES_EN, 2)),
                    source_title="",  # no source: sample rows say so in the page's language
                    featured=rng.random() < 0.02,
                    status=status,
                    published_at=_published_at(rng, status),
                    is_sample=True,
                )
            )
            links.append(
                (
                    [vendor] + ([rng.choice(vendors)] if rng.random() < 0.3 else []),
                    [model],
                    [product] if rng.random() < 0.6 else [],
                    [scenarios[s] for s in sslugs],
                    (metric_zh, metric_en, unit, values["before"], values["after"]),
                )
            )
        created = CaseStudy.objects.bulk_create(rows, batch_size=BATCH)
        through = CaseStudy.vendors.through
        through.objects.bulk_create(
            {
                (c.pk, v.pk): through(casestudy_id=c.pk, vendor_id=v.pk)
                for c, link in zip(created, links, strict=True)
                for v in link[0]
            }.values()
        )
        for field, index, column in (
            ("ai_models", 1, "aimodel_id"),
            ("products", 2, "product_id"),
            ("scenarios", 3, "scenario_id"),
        ):
            through = getattr(CaseStudy, field).through
            through.objects.bulk_create(
                [
                    through(casestudy_id=c.pk, **{column: obj.pk})
                    for c, link in zip(created, links, strict=True)
                    for obj in link[index]
                ]
            )
        CaseMetric.objects.bulk_create(
            [
                CaseMetric(
                    case_id=c.pk, name_zh=m[0], name_en=m[1], unit=m[2], before=m[3], after=m[4]
                )
                for c, link in zip(created, links, strict=True)
                for m in [link[4]]
            ]
        )
        if (start // BATCH) % 10 == 9:
            log(f"cases: {start + len(rows)}")


class Command(BaseCommand):
    help = "Fill the database with synthetic sample vendors, models, products and case studies."

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, default=1000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--clear", action="store_true", help="Delete earlier demo rows (slug demo-…) first."
        )
        parser.add_argument(
            "--no-index", action="store_true", help="Skip rebuilding the search index."
        )

    @as_operator
    def handle(self, *args, cases, seed, clear, no_index, verbosity=1, **options):
        from core import facets, planner
        from search import indexer

        def log(line):
            if verbosity:
                self.stdout.write(line)

        if clear:
            clear_demo()
        elif Vendor.objects.filter(slug__startswith=SLUG_PREFIX).exists():
            raise CommandError("Demo data is already there: run again with --clear to replace it.")
        started = time.perf_counter()
        sizes = generate(cases=cases, seed=seed, log=log)
        log(
            f"Generated {sizes.vendors} vendors, {sizes.models} models, {sizes.products} "
            f"products, {sizes.cases} cases in {time.perf_counter() - started:.1f} s."
        )
        started = time.perf_counter()
        planner.analyze()  # first: freshly loaded tables have no statistics to plan with
        facets.rebuild()
        log(f"Facet index and planner statistics in {time.perf_counter() - started:.1f} s.")
        if not no_index:
            stats = indexer.rebuild()
            log(f"Search index rebuilt in {stats['seconds']:.1f} s.")
