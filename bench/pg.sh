# bench/pg.sh: the PostgreSQL section of the bench (issue 17), sourced by
# bench/run.sh (which has defined say, wrk_run, free_port, wait_http, row,
# ratio, ms, verdict, ge and the ceilings R_NGINX, ARGON and SQL_RATE).
# Measures, on 127.0.0.1 and on the same cores as everything else:
#
#   1. a throwaway PostgreSQL cluster (initdb and pg_ctl from Debian's
#      postgresql, as the tests make theirs with tests/pg.sh, but with fsync
#      on), `switchboard init` and bench-gen into it;
#   2. GET user, search, create with invitation and sign-in through one
#      node, as the SQLite rows are measured;
#   3. GET user and create through two nodes on that one database, each
#      node with half the connections, both at once, next to one node with
#      all of them;
#   4. for each test, the CPU time the cluster's processes spent on it
#      (the postmaster's own, its children's, and its reaped children's),
#      over the requests answered: the database's share of a request.
#
# Every node and the cluster are started here and stopped by pid (the
# cluster by pg_ctl) by pg_cleanup, which run.sh's trap calls too.
# pg_bench measures; pg_report then sets PG_TABLE and PG_TARGETS.

PG_BENCH=$WORK/pg
PG_USERS=${BENCH_PG_USERS:-$([ "$SMALL" = 1 ] && echo 10000 || echo 100000)}
PG_ORGS=$((PG_USERS / 100))
PG_NODE_PIDS=""
PG_CLUSTER=""
# shellcheck source=../tests/pg.sh
source "$ROOT/tests/pg.sh" # pg_bin, pg_as, pg_free_port

pg_cleanup() {
  for p in $PG_NODE_PIDS; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null || true; done
  PG_NODE_PIDS=""
  if [ -n "$PG_CLUSTER" ]; then
    pg_as "$(pg_bin)/pg_ctl" -D "$PG_CLUSTER" -m fast -w stop >/dev/null 2>&1 || true
    PG_CLUSTER=""
  fi
}

# CPU time (user and system) of a process, with its reaped children's
# (fields 14 to 17 of /proc/PID/stat), in clock ticks.
proc_ticks() {
  local s
  s=$(cat "/proc/$1/stat" 2>/dev/null) || { echo 0; return; }
  echo "${s##*) }" | awk '{print $12 + $13 + $14 + $15}'
}
pg_ticks() { # the cluster's processes: the postmaster (with reaped backends) and its children
  local pm t=0 p
  pm=$(head -1 "$PG_CLUSTER/postmaster.pid")
  t=$(proc_ticks "$pm")
  for p in $(pgrep -P "$pm"); do t=$((t + $(proc_ticks "$p"))); done
  echo "$t"
}
TICK_HZ=$(getconf CLK_TCK)
# per_req TICKS REQUESTS: milliseconds of CPU a request
per_req() { [ "${2:-0}" -gt 0 ] && echo "scale=3; $1 * 1000 / $TICK_HZ / $2" | bc | sed 's/^\./0./' || echo "-"; }

pg_node() { # NAME DATA_DIR [ARGS...]: starts a node; sets PG_PORT_<NAME>, PG_PID_<NAME>
  local name=$1 dir=$2 port
  shift 2
  port=$(free_port)
  "$BIN/switchboard" serve --db "$PG_URL" --data "$dir" --listen "127.0.0.1:$port" \
    --log-level error "$@" >"$PG_BENCH/node-$name.log" 2>&1 &
  printf -v "PG_PID_$name" '%s' "$!"
  PG_NODE_PIDS="$PG_NODE_PIDS $!"
  printf -v "PG_PORT_$name" '%s' "$port"
  wait_http "http://127.0.0.1:$port/healthz"
}

# pg_test NAME SCRIPT URL DURATION [CONNS]: wrk_run with the cluster's CPU
# and the node's around it; sets R_<NAME>, DB_<NAME> (database CPU ms a
# request) and NODE_<NAME> (the node's)
pg_test() {
  say "PostgreSQL: $1"
  local t0 t1 n0 n1 n
  t0=$(pg_ticks) n0=$(proc_ticks "$PG_PID_A")
  wrk_run "$@"
  t1=$(pg_ticks) n1=$(proc_ticks "$PG_PID_A")
  local v=R_$1
  n=$(echo "${!v}" | awk '{print $6}')
  printf -v "DB_$1" '%s' "$(per_req $((t1 - t0)) "$n")"
  printf -v "NODE_$1" '%s' "$(per_req $((n1 - n0)) "$n")"
}

# pg_pair NAME SCRIPT DURATION CONNS: the script through both nodes at once,
# CONNS connections each; R_<NAME> as wrk_run's, summed (rate, counts) or
# the larger (latencies); DB_<NAME> as pg_test's
pg_pair() {
  say "PostgreSQL, two nodes: $1"
  local t0 t1 n node n0 n1
  t0=$(pg_ticks) n0=$(($(proc_ticks "$PG_PID_A") + $(proc_ticks "$PG_PID_B")))
  local pids="" v
  for node in A B; do
    v=PG_PORT_$node
    BENCH_RUN="$node$(date +%s)" wrk -t2 -c"$4" -d"$3" --latency -s "$BENCH_DIR/$2" \
      "http://127.0.0.1:${!v}/" >"$PG_BENCH/wrk-$1-$node.txt" 2>&1 &
    pids="$pids $!"
  done
  # shellcheck disable=SC2086
  wait $pids || true
  t1=$(pg_ticks) n1=$(($(proc_ticks "$PG_PID_A") + $(proc_ticks "$PG_PID_B")))
  printf -v "R_$1" '%s' "$(cat "$PG_BENCH/wrk-$1-A.txt" "$PG_BENCH/wrk-$1-B.txt" |
    awk '/^RESULT/ {r += $2; if ($3 > p50) p50 = $3; if ($4 > p99) p99 = $4;
      b += $5; e += $6; n += $7; t += $8; k++}
      END {if (k == 2) printf "%.1f %d %d %d %d %d %d", r, p50, p99, b, e, n, t}')"
  v=R_$1
  [ -n "${!v}" ] || { cat "$PG_BENCH/wrk-$1-A.txt" "$PG_BENCH/wrk-$1-B.txt" >&2; return 1; }
  n=$(echo "${!v}" | awk '{print $6}')
  printf -v "DB_$1" '%s' "$(per_req $((t1 - t0)) "$n")"
  printf -v "NODE_$1" '%s' "$(per_req $((n1 - n0)) "$n")"
}

pg_bench() {
  mkdir -p "$PG_BENCH"
  [ "$(id -u)" -eq 0 ] && chown postgres "$PG_BENCH"
  local bin port
  bin=$(pg_bin)
  [ -n "$bin" ] || { echo "bench: PostgreSQL is not installed" >&2; return 1; }
  port=$(pg_free_port)
  say "PostgreSQL: a cluster on port $port"
  pg_as "$bin/initdb" -D "$PG_BENCH/data" -U postgres --auth=trust --encoding=UTF8 \
    --locale=C.UTF-8 >"$PG_BENCH/initdb.log" 2>&1 || { cat "$PG_BENCH/initdb.log" >&2; return 1; }
  PG_CLUSTER=$PG_BENCH/data
  pg_as "$bin/pg_ctl" -D "$PG_CLUSTER" -l "$PG_BENCH/server.log" -w -t 60 \
    -o "-p $port -k $PG_BENCH -c listen_addresses=127.0.0.1 -c max_connections=300" \
    start >/dev/null || { cat "$PG_BENCH/server.log" >&2; return 1; }
  PG_VERSION=$("$bin/postgres" --version | awk '{print $3}')
  psql -q "postgres://postgres@127.0.0.1:$port/postgres" -c "CREATE DATABASE bench"
  PG_URL="postgres://postgres@127.0.0.1:$port/bench"
  "$BIN/switchboard" init --db "$PG_URL" --data "$PG_BENCH/a" --admin-email admin@bench.example \
    --admin-password "$PASSWORD" >/dev/null
  say "PostgreSQL: generating $PG_USERS users in $PG_ORGS organizations"
  local g0
  g0=$(date +%s.%N)
  "$BIN/bench/bench-gen" --db "$PG_URL" --data "$PG_BENCH/a" --orgs "$PG_ORGS" \
    --users "$PG_USERS" --password "$PASSWORD" --sample "$PG_BENCH/sample.txt" \
    --csv "$PG_BENCH/import.csv" --csv-rows 1000 --partners 1 >/dev/null
  PG_GEN_S=$(echo "$(date +%s.%N) - $g0" | bc)

  local keep_sample=$BENCH_SAMPLE keep_token=${BENCH_TOKEN:-}
  export BENCH_SAMPLE=$PG_BENCH/sample.txt
  pg_node A "$PG_BENCH/a"
  local base=http://127.0.0.1:$PG_PORT_A
  BENCH_TOKEN=$(curl -fsS -H 'Content-Type: application/json' \
    -d "{\"login\":\"admin@bench.example\",\"password\":\"$PASSWORD\"}" "$base/api/v1/auth/login" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
  export BENCH_TOKEN
  pg_test PG_GET get_user.lua "$base/" "$DURATION"
  pg_test PG_SEARCH search.lua "$base/" "$DURATION"
  pg_test PG_CREATE create_user.lua "$base/" "$DURATION"
  drain_mail "psql -qtA $PG_URL -c"
  PG_MAIL_N=$MAIL_N PG_MAIL_DRAIN_S=$MAIL_DRAIN_S
  pg_test PG_LOGIN login.lua "$base/" "$LOGIN_DURATION" "$(nproc)"
  # the second node: its own data directory, the first one's key
  pg_node B "$PG_BENCH/b" --key-file "$PG_BENCH/a/secret.key"
  local half=$((CONNS / 2 > 0 ? CONNS / 2 : 1))
  pg_pair PG2_GET get_user.lua "$DURATION" "$half"
  pg_pair PG2_CREATE create_user.lua "$DURATION" "$half"
  drain_mail "psql -qtA $PG_URL -c"
  # what one node did again, right after, for a fair comparison
  pg_test PG1_GET get_user.lua "$base/" "$DURATION"
  pg_test PG1_CREATE create_user.lua "$base/" "$DURATION"
  export BENCH_SAMPLE=$keep_sample BENCH_TOKEN=$keep_token
  pg_cleanup
}

pg_row() { # label NAME ceiling_label ceiling_value (R_NAME, DB_NAME, NODE_NAME)
  local rps p50 p99 bad err n tmo r=R_$2 d=DB_$2 o=NODE_$2
  read -r rps p50 p99 bad err n tmo <<<"${!r}"
  printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$1" "$rps" "$(ms "$p50")" "$(ms "$p99")" \
    "${!d}" "${!o}" "$3" "$(ratio "$rps" "$4")"
  [ "$bad" = 0 ] && [ "$err" = 0 ] && [ "$tmo" = 0 ] ||
    printf '|  ↳ of %s requests: %s non-2xx, %s socket errors, %s over wrk'"'"'s 2 s timeout | | | | | | | |\n' \
      "$n" "$bad" "$err" "$tmo"
}
failed() { # result: 1 when every request of it succeeded
  local _r _a _b bad err _n tmo
  read -r _r _a _b bad err _n tmo <<<"$1"
  [ "$bad" = 0 ] && [ "$err" = 0 ] && [ "$tmo" = 0 ] && echo 1 || echo 0
}

pg_report() {
  local nginx=${R_NGINX%% *}
  PG_TABLE=$(
    echo "| test | requests/s | p50 ms | p99 ms | database CPU ms a request | nodes' CPU ms a request | compared with | ratio |"
    echo "|---|---:|---:|---:|---:|---:|---|---:|"
    pg_row "GET user, one node" PG_GET "nginx static" "$nginx"
    pg_row "search q=<3 letters> limit=20, one node" PG_SEARCH "nginx static" "$nginx"
    pg_row "create user, invite, one node" PG_CREATE "raw SQLite rows/s" "${SQL_RATE:-}"
    pg_row "sign-in, one node" PG_LOGIN "raw argon2id/s" "${ARGON:-}"
    pg_row "GET user, two nodes ($((CONNS / 2)) connections each)" PG2_GET "one node, right after" "${R_PG1_GET%% *}"
    pg_row "GET user, one node ($CONNS connections), right after" PG1_GET "" ""
    pg_row "create user, two nodes ($((CONNS / 2)) connections each)" PG2_CREATE "one node, right after" "${R_PG1_CREATE%% *}"
    pg_row "create user, one node ($CONNS connections), right after" PG1_CREATE "" ""
  )
  local get=${R_PG_GET%% *} create=${R_PG_CREATE%% *} login=${R_PG_LOGIN%% *}
  local g2=${R_PG2_GET%% *} g1=${R_PG1_GET%% *} c2=${R_PG2_CREATE%% *} c1=${R_PG1_CREATE%% *}
  read -r _ _ PG_SEARCH_P99 _ <<<"$R_PG_SEARCH"
  PG_TARGETS=$(
    echo "- GET user at least 50% of nginx's static rate: $(ratio "$get" "$nginx") — $(verdict "$(ge "$get" "$(echo "$nginx / 2" | bc -l)")")"
    echo "- search p99 under 10 ms: $(ms "$PG_SEARCH_P99") ms — $(verdict "$(ge 10000 "$PG_SEARCH_P99")")"
    echo "- create with invitation at least 2,000 users/s with one node: $create/s — $(verdict "$(ge "$create" 2000)")"
    [ -z "${ARGON:-}" ] ||
      echo "- sign-in at least 90% of the raw argon2id rate: $(ratio "$login" "$ARGON") — $(verdict "$(ge "$login" "$(echo "$ARGON * 0.9" | bc -l)")")"
    echo "- two nodes: no request fails — $(verdict "$(($(failed "$R_PG2_GET") * $(failed "$R_PG2_CREATE")))"); GET user $(ratio "$g2" "$g1") and create $(ratio "$c2" "$c1") of one node on the same cores (at least 0.95: $(verdict "$(($(ge "$g2" "$(echo "$g1 * 0.95" | bc -l)") * $(ge "$c2" "$(echo "$c1 * 0.95" | bc -l)")))"))"
    if [ "$DB_PG_GET" != - ] && [ "$DB_PG_CREATE" != - ] && [ "$NODE_PG_GET" != - ] && [ "$NODE_PG_CREATE" != - ]; then
      echo "- on paper: one core of the PostgreSQL server carries $(echo "1000 / $DB_PG_GET" | bc) GET user/s or $(echo "1000 / $DB_PG_CREATE" | bc) creates/s, what $(echo "$NODE_PG_GET / $DB_PG_GET" | bc -l | xargs printf %.2f) and $(echo "$NODE_PG_CREATE / $DB_PG_CREATE" | bc -l | xargs printf %.2f) cores of nodes serve"
    fi
  )
}
