"""SQLite: a plain table of the indexed Latin words, for prefix expansion (fts5vocab, which
this replaces, counts every word's documents on each lookup). Filled from the index."""

from django.db import migrations


def add_word_list(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS search_word (word TEXT PRIMARY KEY) WITHOUT ROWID"
        )
        cursor.execute("DROP TABLE IF EXISTS search_index_vocab")
        cursor.execute(
            "CREATE VIRTUAL TABLE temp.search_terms USING fts5vocab(main, search_index, 'row')"
        )
        # Words start below the CJK blocks (U+2E80); the field break (U+00A6) is not a word.
        cursor.execute(
            "INSERT OR IGNORE INTO search_word (word) SELECT term FROM temp.search_terms "
            "WHERE unicode(term) < 11904 AND term != '\u00a6'"
        )
        cursor.execute("DROP TABLE temp.search_terms")


class Migration(migrations.Migration):
    dependencies = [("search", "0002_index_streams")]

    operations = [migrations.RunPython(add_word_list, migrations.RunPython.noop)]
