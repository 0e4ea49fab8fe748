#!/usr/bin/env bash
# tests/lint/layering.sh: api/ and cli/ reach the database only through the
# domain (STYLE.md 12). A call of a store_ function from api/ or cli/ fails
# this check, except:
#   - src/api/dispatch.c: the request's transaction, tenant resolution and
#     idempotency records;
#   - the connection and schema setup of a process (store_init, store_conn,
#     store_conn_close, store_release, store_migrate, store_schema_version,
#     store_copy, store_writes_concurrently) and readiness (store_write_probe).
# Prints each offending line and exits 1; prints a count and exits 0 otherwise.
set -euo pipefail
cd "$(dirname "$0")/../.."
allowed='store_(init|conn|conn_close|release|migrate|schema_version|copy|writes_concurrently|write_probe)\('
bad=$(grep -rnE '\bstore_[a-z0-9_]+\(' src/api src/cli --include='*.c' --include='*.h' \
	| grep -v '^src/api/dispatch\.c:' \
	| grep -vE "$allowed" || true)
if [ -n "$bad" ]; then
	echo "layering: api/ and cli/ call the store directly (call the domain instead):"
	echo "$bad"
	exit 1
fi
echo "layering: api/ and cli/ call no store_ function outside the dispatcher and process setup"
