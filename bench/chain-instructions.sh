#!/usr/bin/env bash
# Counts the instructions PostgreSQL executes per append, with and without the event chain's trigger (ADR 0088).
# Counted instructions do not depend on what else the machine is doing, unlike timings: use this to find where an
# append's server time goes before guessing. Needs valgrind and PostgreSQL's binaries; runs as root (uses postgres).
#
#   bench/chain-instructions.sh "Host=...;Database=<a database the append bench has run against>" [appends]
#
# It copies the bench's event schema (Marten's tables and append function, the chain's tables and functions) from
# that database into a scratch cluster, then runs the same appends there twice in single-user mode under cachegrind,
# each append its own transaction through Marten's mt_quick_append_events, as the bench's AppendAt does.
set -euo pipefail
connection="$1"; appends="${2:-1000}"
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
host=$(sed -n 's/.*Host=\([^;]*\).*/\1/p' <<<"$connection"); port=$(sed -n 's/.*Port=\([^;]*\).*/\1/p' <<<"$connection")
database=$(sed -n 's/.*Database=\([^;]*\).*/\1/p' <<<"$connection"); user=$(sed -n 's/.*Username=\([^;]*\).*/\1/p' <<<"$connection")
work=$(mktemp -d /tmp/chain-instructions.XXXX); chown postgres "$work"
trap 'su postgres -c "$bin/pg_ctl -D $work/data stop -m immediate" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

pg_dump -h "$host" -p "${port:-5432}" -U "$user" -d "$database" -s -n bench_events | grep -v '^\\' > "$work/schema.sql"
su postgres -c "$bin/initdb -D $work/data -A trust -U postgres >/dev/null"
su postgres -c "$bin/pg_ctl -D $work/data -o '-p 5499 -k $work -c fsync=off' -l $work/log start" >/dev/null
psql -h "$work" -p 5499 -U postgres -qc "CREATE DATABASE lab"
psql -h "$work" -p 5499 -U postgres -d lab -q -f "$work/schema.sql" >/dev/null
su postgres -c "$bin/pg_ctl -D $work/data stop" >/dev/null

payload='{"note": "'$(printf 'g%.0s' $(seq 1 200))'", "minutes": 42, "subject": "maths"}'
script() { # $1: the trigger statement (or nothing), $2: a run name
  echo "DROP TRIGGER IF EXISTS pt_hash_event ON bench_events.mt_events;"; echo
  if [ -n "$1" ]; then echo "$1"; echo; fi
  for i in $(seq 1 "$appends"); do
    echo "SELECT bench_events.mt_quick_append_events('$2-$((i % 8))', 'bench', '*DEFAULT*', ARRAY[gen_random_uuid()], ARRAY['bench.lesson_noted']::varchar[], ARRAY['X']::varchar[], ARRAY['$payload'::jsonb], ARRAY[NULL::bytea], ARRAY[NULL]::varchar[], ARRAY['0000000000000228279e77fa789b8d48']::varchar[], ARRAY['null'::jsonb], ARRAY['bench-user']::varchar[], ARRAY[now()], NULL);"
    echo
  done
}
count() { # instructions for one script
  chown postgres "$1"
  su postgres -c "valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null $bin/postgres --single -j -D $work/data lab < $1" 2>&1 \
    | sed -n 's/.*I *refs: *\([0-9,]*\).*/\1/p' | tr -d ,
}
script "" "plain-$RANDOM" > "$work/plain.sql"
script "CREATE OR REPLACE TRIGGER pt_hash_event AFTER INSERT ON bench_events.mt_events FOR EACH ROW EXECUTE FUNCTION bench_events.pt_hash_event();" "chain-$RANDOM" > "$work/chain.sql"
echo "DROP TRIGGER IF EXISTS pt_hash_event ON bench_events.mt_events;" > "$work/start.sql"
start=$(count "$work/start.sql"); plain=$(count "$work/plain.sql"); chain=$(count "$work/chain.sql")
echo "appends: $appends (each its own transaction; the backend's start-up, $((start / 1000)) k, taken off)"
echo "without the chain: $(((plain - start) / appends)) instructions per append"
echo "with the chain:    $(((chain - start) / appends)) instructions per append"
echo "the chain costs:   $(((chain - plain) / appends)) instructions per append"
