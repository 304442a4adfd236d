"""Every table's row count and a digest of its rows (test helper, also run in a subprocess)."""

import hashlib
import json


def table_digests(connection) -> dict[str, list]:
    result = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 — names from introspection
            rows = sorted(repr(tuple(str(v) for v in row)) for row in cursor.fetchall())
            result[table] = [len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest()]
    return result


if __name__ == "__main__":
    import django

    django.setup()
    from django.db import connection

    print(json.dumps(table_digests(connection)))
