"""The curated list of 信创 platforms, and the editorial roles' rights on procurement facts."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

# slug, Chinese name, English name, layer
PLATFORMS = [
    ("kunpeng", "鲲鹏", "Kunpeng", "cpu"),
    ("phytium", "飞腾", "Phytium", "cpu"),
    ("hygon", "海光", "Hygon", "cpu"),
    ("loongson", "龙芯", "Loongson", "cpu"),
    ("zhaoxin", "兆芯", "Zhaoxin", "cpu"),
    ("ascend", "昇腾", "Ascend", "ai_chip"),
    ("cambricon", "寒武纪", "Cambricon", "ai_chip"),
    ("kylin", "麒麟", "Kylin", "os"),
    ("uos", "统信UOS", "UnionTech UOS", "os"),
    ("dameng", "达梦", "Dameng (DM)", "database"),
    ("kingbase", "人大金仓", "KingbaseES", "database"),
    ("gbase", "南大通用", "GBase", "database"),
    ("tongtech", "东方通", "TongTech", "middleware"),
]

PERMISSIONS = {"certification", "deploymentoffer", "platform"}
PUBLISHABLE = {"certification", "deploymentoffer"}


def forwards(apps, schema_editor):
    Platform = apps.get_model("procurement", "Platform")
    for position, (slug, zh, en, layer) in enumerate(PLATFORMS):
        Platform.objects.get_or_create(
            slug=slug,
            defaults={"name_zh": zh, "name_en": en, "layer": layer, "position": position},
        )
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    crud = [f"{a}_{m}" for m in PERMISSIONS for a in ("view", "add", "change", "delete")]
    found = Permission.objects.filter(content_type__app_label="procurement", codename__in=crud)
    publish = Permission.objects.filter(
        content_type__app_label="procurement", codename__in=[f"publish_{m}" for m in PUBLISHABLE]
    )
    for group in Group.objects.filter(name__in=["editor", "publisher"]):
        group.permissions.add(*found)
        if group.name == "publisher":
            group.permissions.add(*publish)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_roles"),
        ("procurement", "0001_certifications_and_deployment_offers"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
