"""The two editorial roles: editors write drafts, publishers also publish, archive and feature."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CONTENT = {
    "directory": [
        "vendor",
        "aimodel",
        "product",
        "vertical",
        "scenario",
        "productcategory",
        "modality",
        "deploymentoption",
    ],
    "cases": ["casestudy", "casemetric", "caseimage"],
    "insights": ["statseries", "statpoint"],
}
PUBLISHABLE = {"directory": ["vendor", "aimodel", "product"], "cases": ["casestudy"],
               "insights": ["statseries"]}


def create_roles(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def perms(actions, *, publish=False):
        found = []
        for app_label, models in CONTENT.items():
            for model in models:
                codenames = [f"{a}_{model}" for a in actions]
                if publish and model in PUBLISHABLE.get(app_label, []):
                    codenames.append(f"publish_{model}")
                found += Permission.objects.filter(
                    content_type__app_label=app_label, codename__in=codenames
                )
        return found

    editor, _ = Group.objects.get_or_create(name="editor")
    editor.permissions.set(perms(["view", "add", "change", "delete"]))
    publisher, _ = Group.objects.get_or_create(name="publisher")
    publisher.permissions.set(perms(["view", "add", "change", "delete"], publish=True))


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["editor", "publisher"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("directory", "0001_initial"),
        ("cases", "0001_initial"),
        ("insights", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
