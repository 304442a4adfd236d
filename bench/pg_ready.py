"""Exit 0 when the PostgreSQL URL given as argument accepts connections (used by the Makefile)."""

import sys

import psycopg

try:
    psycopg.connect(sys.argv[1].replace("postgres://", "postgresql://"), connect_timeout=3).close()
except Exception:  # noqa: BLE001
    sys.exit(1)
