"""Recreate the index tables: one row per document (SQLite: contentless FTS5 tables for the
positional stream and the grams, plus the compressed text they were built from).

The index starts empty: run `manage.py rebuild_search_index` afterwards.
"""

from django.db import migrations


def recreate_index_tables(apps, schema_editor):
    from search.backends import backend_for

    backend = backend_for(schema_editor.connection)
    with schema_editor.connection.cursor() as cursor:
        if schema_editor.connection.vendor == "sqlite":
            cursor.execute("DROP TABLE IF EXISTS search_index")
        backend.drop_schema(cursor)
        backend.create_schema(cursor)
    apps.get_model("search", "IndexedDocument").objects.using(schema_editor.connection.alias).delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0003_word_list")]

    operations = [migrations.RunPython(recreate_index_tables, migrations.RunPython.noop)]
