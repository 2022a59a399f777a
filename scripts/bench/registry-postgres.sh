# PostgreSQL for the registry benchmarks (registry-load, registry-scale --database postgres); sourced.
#   bench_postgres_start DATA BIN   a private server (scripts/postgres-cluster) in a folder of its own, fsync
#                                   back on (the test clusters run without it; a benchmark commits as
#                                   production does), DATA's SQLite registry moved into it with
#                                   `effregistry migrate` and its registry.sqlite removed; sets pg_dir, pg_url
#   bench_postgres_stop             stops the server, removes its folder unless KEEP=1
#   pg_sql QUERY                    one answer, unaligned
#   pg_cpu_ms                       CPU time (user + system, ms) of the server: postmaster, its exited
#                                   children, the live backends and background workers
#   pg_table_sizes TABLE…           rows, pg_total_relation_size (heap, indexes, TOAST) and bytes per row
pg_dir= pg_url=

pg_sql() { psql -XAtq -v ON_ERROR_STOP=1 "$pg_url" -c "$1"; }

bench_postgres_start() {
  local data=$1 bin=$2 t0
  command -v psql >/dev/null || { echo "missing psql: run scripts/install-deps (package postgresql)" >&2; exit 1; }
  pg_dir=$(mktemp -d /tmp/registry-bench-pg.XXXXXX)
  pg_url=$(POSTGRES_FSYNC=on scripts/postgres-cluster start "$pg_dir")
  echo "PostgreSQL $(pg_sql "SHOW server_version") at $pg_url: fsync $(pg_sql "SHOW fsync"), synchronous_commit" \
    "$(pg_sql "SHOW synchronous_commit"), shared_buffers $(pg_sql "SHOW shared_buffers")"
  t0=$(date +%s.%N)
  "$bin/effregistry" migrate --from "$data" --to "$pg_url" >"$pg_dir/migrate.log"
  echo "effregistry migrate: $(echo "$(date +%s.%N) - $t0" | bc | sed 's/^\./0./') s; $(tail -1 "$pg_dir/migrate.log" | cut -d';' -f1)"
  rm "$data"/registry.sqlite*  # from here on the records are only in PostgreSQL
}

bench_postgres_stop() {
  [ -n "$pg_dir" ] || return 0
  scripts/postgres-cluster stop "$pg_dir" || true
  if [ "${KEEP:-0}" = 1 ]; then echo "database kept in $pg_dir (scripts/postgres-cluster start $pg_dir)"; else rm -rf "$pg_dir"; fi
}

pg_cpu_ms() {
  local postmaster pid ticks total=0
  postmaster=$(head -1 "$pg_dir/data/postmaster.pid")
  for pid in $postmaster $(pgrep -P "$postmaster"); do
    ticks=$(awk '{print $14 + $15 + $16 + $17}' "/proc/$pid/stat" 2>/dev/null) || ticks=0
    total=$((total + ${ticks:-0}))
  done
  echo $((total * 1000 / $(getconf CLK_TCK)))
}

pg_table_sizes() {
  local table list
  list=$(for table in "$@"; do printf "('%s')," "$table"; done)
  echo "PostgreSQL table sizes (pg_total_relation_size: heap, indexes, TOAST; rows counted):"
  pg_sql "SELECT format('  %-18s %9s rows %9s MiB %6s bytes/row', t, n, round(size / 1048576.0, 1), CASE WHEN n > 0 THEN size / n END)
          FROM (SELECT t, pg_total_relation_size(t::regclass) AS size,
                  (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %I', t), false, true, '')))[1]::text::bigint AS n
                FROM (VALUES ${list%,}) AS v(t)) AS s ORDER BY t"
  echo "  database: $(pg_sql "SELECT pg_size_pretty(pg_database_size(current_database()))")"
}
