"""Editors and publishers read the register and its import runs, and link filings to vendors."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PERMISSIONS = {
    "filings": {
        "filing": ["view", "change"],
        "unlinkedfiling": ["view", "change"],
        "filingbatch": ["view"],
        "importrun": ["view"],
        "importanomaly": ["view"],
    },
    "directory": {"vendorname": ["view", "add", "change", "delete"]},
}


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    found = []
    for app_label, models in PERMISSIONS.items():
        for model, actions in models.items():
            found += Permission.objects.filter(
                content_type__app_label=app_label,
                codename__in=[f"{a}_{model}" for a in actions],
            )
    for group in Group.objects.filter(name__in=["editor", "publisher"]):
        group.permissions.add(*found)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_roles"),
        ("filings", "0001_initial"),
        ("directory", "0004_vendor_names"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
