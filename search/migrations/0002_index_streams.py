"""Recreate the index tables for the three-stream layout (unigrams, bigrams, trigrams).

The index starts empty: run `manage.py rebuild_search_index` afterwards.
"""

from django.db import migrations


def recreate_index_tables(apps, schema_editor):
    from search.backends import backend_for

    backend = backend_for(schema_editor.connection)
    with schema_editor.connection.cursor() as cursor:
        backend.drop_schema(cursor)
        backend.create_schema(cursor)
    apps.get_model("search", "IndexedDocument").objects.using(schema_editor.connection.alias).delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(recreate_index_tables, migrations.RunPython.noop)]
