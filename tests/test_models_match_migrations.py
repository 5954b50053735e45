"""The models and the migrations agree: a field's length, index, default or choices changed in
a model without its migration would leave the database not matching the code. CI also runs
`makemigrations --check`; here the same slip fails the tests (`make mutants` sees it)."""

from django.apps import apps
from django.db.migrations.autodetector import MigrationAutodetector
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.state import ProjectState
from django.utils import translation


def test_no_model_change_is_missing_a_migration():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    with translation.override(None):  # as makemigrations: verbose names untranslated
        detector = MigrationAutodetector(loader.project_state(), ProjectState.from_apps(apps))
        changes = detector.changes(graph=loader.graph)
    missing = {
        app: [op.describe() for m in ms for op in m.operations] for app, ms in changes.items()
    }
    assert not missing, f"model changes without a migration: {missing}"
