"""The three roles of the registry's administrators, as groups with their permissions.

Editors add and change registry data and figures, but cannot publish or delete.
Reviewers do what editors do, and publish, unpublish and delete.
Analysts read everything in the admin and export it; they change nothing.
Give a person staff status and one of these groups; superusers are for setting up only.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

REGISTRY_MODELS = {
    "zones": ["province", "sector", "zone", "zonestatistics"],
    "incubators": ["incubator", "incubatorstatistics", "company", "servicecenter"],
    "innofund": ["programme", "project"],
    "figures": ["source", "metric", "figure", "milestone"],
}
PUBLISHABLE = {"zone", "incubator", "company", "project", "figure"}


def codenames(actions):
    return [
        (app, f"{action}_{model}")
        for app, models in REGISTRY_MODELS.items()
        for model in models
        for action in actions
        if action != "publish" or model in PUBLISHABLE
    ]


ROLES = {
    "Editors": codenames(["view", "add", "change"]),
    "Reviewers": codenames(["view", "add", "change", "delete", "publish"]),
    "Analysts": codenames(["view"]),
}


def create_roles(apps, schema_editor):
    # Permissions are normally made after migrating; the roles need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    for name, permissions in ROLES.items():
        group, _ = group_model.objects.get_or_create(name=name)
        group.permissions.set(
            [
                permission_model.objects.get(content_type__app_label=app, codename=codename)
                for app, codename in permissions
            ]
        )


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("zones", "0003_history"),
        ("incubators", "0003_history"),
        ("innofund", "0003_history"),
        ("figures", "0005_history"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
