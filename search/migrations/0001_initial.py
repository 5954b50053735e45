from django.db import migrations, models


def create_index_tables(apps, schema_editor):
    from search.backends import backend_for

    with schema_editor.connection.cursor() as cursor:
        backend_for(schema_editor.connection).create_schema(cursor)


def drop_index_tables(apps, schema_editor):
    from search.backends import backend_for

    with schema_editor.connection.cursor() as cursor:
        backend_for(schema_editor.connection).drop_schema(cursor)


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="IndexedDocument",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.PositiveSmallIntegerField(verbose_name="kind")),
                ("object_id", models.PositiveBigIntegerField(verbose_name="object id")),
                ("score", models.PositiveIntegerField(verbose_name="static score")),
            ],
            options={
                "verbose_name": "indexed document",
                "verbose_name_plural": "indexed documents",
                "constraints": [
                    models.UniqueConstraint(fields=("kind", "object_id"), name="search_document_unique")
                ],
            },
        ),
        # The index itself: an FTS5 virtual table on SQLite, a tsvector table + GIN on PostgreSQL.
        migrations.RunPython(create_index_tables, drop_index_tables),
    ]
