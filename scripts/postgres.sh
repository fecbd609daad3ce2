#!/usr/bin/env bash
# Start the local PostgreSQL server and make sure the rcapp test role and database exist.
set -euo pipefail

if ! command -v pg_lsclusters >/dev/null; then
  bash "$(dirname "$0")/install-system-packages.sh" test
fi

cluster=$(pg_lsclusters --no-header | awk 'NR==1 {print $1" "$2" "$4}')
if [[ -z "$cluster" ]]; then
  version=$(ls /usr/lib/postgresql | sort -V | tail -1)
  pg_createcluster "$version" main >/dev/null
  cluster=$(pg_lsclusters --no-header | awk 'NR==1 {print $1" "$2" "$4}')
fi
read -r version name status <<<"$cluster"
if [[ "$status" != "online" ]]; then
  pg_ctlcluster "$version" "$name" start
fi

as_postgres() { su postgres -c "$1"; }
for _ in $(seq 1 30); do
  as_postgres "psql -qAtc 'select 1'" >/dev/null 2>&1 && break
  sleep 0.5
done

if [[ "$(as_postgres "psql -qAtc \"select 1 from pg_roles where rolname='rcapp'\"")" != "1" ]]; then
  as_postgres "psql -qc \"create role rcapp login password 'rcapp'\""
fi
if [[ "$(as_postgres "psql -qAtc \"select 1 from pg_database where datname='rcapp_test'\"")" != "1" ]]; then
  as_postgres "createdb -O rcapp rcapp_test"
fi
# The backup/restore test creates and drops two scratch databases of its own.
as_postgres "psql -qc 'alter role rcapp createdb'"
# ...and drops them WITH (FORCE), which must also end an autovacuum worker on them.
if [[ "$(as_postgres "psql -qAtc \"select pg_has_role('rcapp', 'pg_signal_backend', 'member')\"")" != "t" ]]; then
  as_postgres "psql -qc 'grant pg_signal_backend to rcapp'"
fi
