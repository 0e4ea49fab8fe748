#!/usr/bin/env bash
# bench/run.sh: what `make bench` runs. Builds nothing itself (the Makefile
# builds build-release first); generates data, measures the server with wrk
# on 127.0.0.1 next to its ceilings (nginx serving a static file, raw
# argon2id, raw SQLite inserts), and SIP through Kamailio next to Kamailio's
# own auth_db (bench/sip.sh); prints the tables and, on a full run, writes
# them into docs/performance.md between the bench:begin/bench:end markers
# (the SIP table between bench-sip:begin/bench-sip:end).
#
#   bench/run.sh            1,000,000 users in 10,000 organizations
#   bench/run.sh --small    20,000 users in 200 organizations (prints only)
#   bench/run.sh --sip      the SIP section alone (with GET user beside it);
#                           with --small, quick and printed only
#   bench/run.sh --scim     SCIM alone: 100,000 users in one organization,
#                           SCIM creates and filter queries beside the API's
#                           create and GET; with --small 10,000, printed only
#   bench/run.sh --search   the search section alone (also BENCH_ONLY=search):
#                           search in the big organization and the import;
#                           with --small, quick and printed only
#   bench/run.sh --pg       the PostgreSQL section alone (bench/pg.sh): one
#                           node and two on one throwaway cluster, 100,000
#                           users (--small: 10,000, printed only)
#   BENCH_PG_USERS=N        users of the PostgreSQL section
#   BENCH_BIG_ORG=N         users of the big organization (default 200,000),
#                           beside the others, all below one partner
#   BENCH_PROFILE=DIR       also samples the server with perf (linux-perf)
#                           during each test; reports in DIR/NAME.txt
#
# 5,000 of the users get a SIP account (BENCH_SIP_ACCOUNTS). Everything it
# starts is stopped by pid on exit; data lives in a temp dir.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${BENCH_BUILD:-$ROOT/build-release}
export BENCH_DIR=$ROOT/bench

SMALL=0 SIP_ONLY=0 SCIM_ONLY=0 SEARCH_ONLY=0 PG_ONLY=0
[ "${BENCH_ONLY:-}" = search ] && SEARCH_ONLY=1
for a in "$@"; do
  case $a in
    --small) SMALL=1 ;;
    --sip) SIP_ONLY=1 ;;
    --scim) SCIM_ONLY=1 ;;
    --search) SEARCH_ONLY=1 ;;
    --pg) PG_ONLY=1 ;;
    *) echo "usage: bench/run.sh [--small] [--sip | --scim | --search | --pg]" >&2; exit 2 ;;
  esac
done
BIG=${BENCH_BIG_ORG:-200000}
# --pg: the SQLite server only answers once, for the nginx file's bytes
[ $PG_ONLY = 0 ] || { SEARCH_ONLY=1 BIG=0; }
SIP_ACCOUNTS=0 # bench/sip.sh counts them
if [ $SCIM_ONLY = 1 ]; then
  # one organization of 100,000 users: what an identity provider syncs
  ORGS=1 USERS=$([ $SMALL = 1 ] && echo 10000 || echo 100000) IMPORT_ROWS=1000 BIG=0
  DURATION=$([ $SMALL = 1 ] && echo 5s || echo 20s) LOGIN_DURATION=5s
elif [ $SMALL = 1 ]; then
  ORGS=200 USERS=20000 IMPORT_ROWS=10000 DURATION=5s LOGIN_DURATION=5s
else
  ORGS=10000 USERS=1000000 IMPORT_ROWS=100000 DURATION=20s LOGIN_DURATION=10s
fi
[ $PG_ONLY = 0 ] || { ORGS=1 USERS=100 IMPORT_ROWS=10; }
IMPORT_ROWS=${BENCH_IMPORT_ROWS:-$IMPORT_ROWS}
CONNS=${BENCH_CONNECTIONS:-16}   # wrk connections, over 2 wrk threads
PASSWORD='Bench-Password-1x!'
SIP_N=${BENCH_SIP_ACCOUNTS:-5000}
[ $SCIM_ONLY = 0 ] && [ $PG_ONLY = 0 ] || SIP_N=0
# two SIP accounts an organization at least (a caller and a callee)
SIP_PER_ORG=$(((SIP_N + ORGS - 1) / ORGS))
[ "$SIP_PER_ORG" -ge 2 ] || SIP_PER_ORG=2

WORK=$(mktemp -d /tmp/switchboard-bench.XXXXXX)
DATA=$WORK/data
SERVER_PID="" NGINX_PID=""
source "$BENCH_DIR/sip.sh"
source "$BENCH_DIR/pg.sh"
cleanup() {
  sip_cleanup
  pg_cleanup
  for p in $SERVER_PID $NGINX_PID; do
    kill "$p" 2>/dev/null && wait "$p" 2>/dev/null || true
  done
  [ -n "${BENCH_KEEP:-}" ] && echo "bench: kept $WORK" >&2 || rm -rf "$WORK"
}
# a signal ends the run (and so runs the EXIT trap once)
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

DOC=$ROOT/docs/performance.md
write_doc() { # begin-marker end-marker text: the text between the markers of docs/performance.md
  python3 - "$DOC" "$1" "$2" "$3" <<'EOF'
import sys, os
path, begin, end, report = sys.argv[1:5]
text = open(path).read() if os.path.exists(path) else "# Performance\n"
if begin not in text:
  text += "\n" + begin + "\n" + end + "\n"
head, rest = text.split(begin, 1)
_, tail = rest.split(end, 1)
open(path, "w").write(head + begin + "\n" + report + "\n" + end + tail)
EOF
}
say() { printf '== %s\n' "$*" >&2; }
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
wait_http() { # url: until it answers, at most 10 s
  for _ in $(seq 100); do curl -fsS -o /dev/null "$1" 2>/dev/null && return 0; sleep 0.1; done
  echo "bench: nothing answers at $1" >&2; return 1
}
ms() { echo "scale=2; $1 / 1000" | bc | sed 's/^\./0./'; }
ratio() { [ -n "$1" ] && [ -n "$2" ] && echo "scale=3; $1 / $2" | bc | sed 's/^\./0./' || echo "-"; }
row() { # label "rps p50 p99 non2xx errors n timeouts" rss ceiling_label ceiling_value
  local rps p50 p99 bad err n tmo
  read -r rps p50 p99 bad err n tmo <<<"$2"
  printf '| %s | %s | %s | %s | %s MB | %s | %s |\n' "$1" "$rps" "$(ms "$p50")" "$(ms "$p99")" \
    "$3" "$4" "$(ratio "$rps" "$5")"
  [ "$bad" = 0 ] && [ "$err" = 0 ] && [ "$tmo" = 0 ] ||
    printf '|  ↳ of %s requests: %s non-2xx, %s socket errors, %s over wrk'"'"'s 2 s timeout | | | | | | |\n' \
      "$n" "$bad" "$err" "$tmo"
}
verdict() { [ "$1" = 1 ] && echo "met" || echo "**missed**"; }
ge() { [ "$(echo "$1 >= $2" | bc -l)" = 1 ] && echo 1 || echo 0; }
# Memory is the anonymous resident set (RssAnon in /proc/PID/status): what a
# process owns. The server reads its database through a memory map, whose
# file pages count in VmRSS and VmHWM but are the kernel's to drop, so the
# peak is sampled here instead: every 50 ms, without starting a process.
anon_kb() { # PID: its RssAnon now, in kB (0 once it is gone)
  local k v _
  while read -r k v _; do [ "$k" = RssAnon: ] && { echo "$v"; return; }; done \
    <"/proc/$1/status" 2>/dev/null
  echo 0
}
anon_mb() { echo "$1" | awk '{printf "%.1f", $1/1024}'; }
ANON_PID=""
anon_peak_start() { # PID: samples it until anon_peak_stop
  local pid=$1 out=$WORK/anon
  echo 0 >"$out" && touch "$out.on"
  ( exec {t}<> <(:)
    max=0
    while [ -e "$out.on" ] && [ -e "/proc/$pid/status" ]; do
      v=$(anon_kb "$pid")
      [ "$v" -gt "$max" ] && { max=$v; echo "$max" >"$out"; }
      read -t 0.05 -u "$t" || true
    done ) &
  ANON_PID=$!
}
anon_peak_stop() { # prints the peak in MB
  rm -f "$WORK/anon.on"
  wait "$ANON_PID" 2>/dev/null || true
  ANON_PID=""
  anon_mb "$(cat "$WORK/anon")"
}
# wrk_run NAME SCRIPT URL DURATION [CONNS]: sets R_<NAME>="rps p50 p99 non2xx errors n timeouts"
wrk_run() {
  local out conns=${5:-$CONNS}
  out=$(wrk -t"$((conns < 2 ? conns : 2))" -c"$conns" -d"$4" --latency -s "$BENCH_DIR/$2" "$3" 2>&1) || {
    echo "$out" >&2; return 1; }
  echo "$out" >"$WORK/wrk-$1.txt"
  printf -v "R_$1" '%s' "$(echo "$out" | awk '/^RESULT/ {print $2, $3, $4, $5, $6, $7, $8}')"
}

# ---- the machine -------------------------------------------------------------
CPU=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)
MEM=$(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)
MACHINE="$(nproc) CPUs ($CPU), $MEM RAM, Linux $(uname -r), Debian $(cat /etc/debian_version)"
say "machine: $MACHINE"

# ---- data --------------------------------------------------------------------
say "generating $USERS users in $ORGS organizations in $WORK"
"$BIN/switchboard" init --data "$DATA" --admin-email admin@bench.example \
  --admin-password "$PASSWORD" >/dev/null
t0=$(date +%s.%N)
GEN=$("$BIN/bench/bench-gen" --data "$DATA" --orgs "$ORGS" --users "$USERS" \
  --password "$PASSWORD" --sample "$WORK/sample.txt" --csv "$WORK/import.csv" \
  --csv-rows "$IMPORT_ROWS" --sip "$SIP_N" --sip-per-org "$SIP_PER_ORG" \
  --sip-file "$WORK/sip.txt" --partners 1 --big-org "$BIG" --search-file "$WORK/search.txt")
GEN_S=$(echo "$(date +%s.%N) - $t0" | bc)
IMPORT_ORG=$(echo "$GEN" | awk '/^import_org/ {print $2}')
CEILING_ORG=$(echo "$GEN" | awk '/^ceiling_org/ {print $2}')
PLATFORM_ORG=$(echo "$GEN" | awk '/^platform_org/ {print $2}')
BIG_ORG=$(echo "$GEN" | awk '/^big_org/ {print $2}')
DB_MB=$(du -m "$DATA/switchboard.db" | cut -f1)
export BENCH_SAMPLE=$WORK/sample.txt BENCH_PASSWORD=$PASSWORD BENCH_SEARCH_FILE=$WORK/search.txt

# ---- ceilings without HTTP ---------------------------------------------------
# (--scim has the API's own requests for its baselines instead)
if [ $SIP_ONLY = 0 ] && [ $SCIM_ONLY = 0 ] && [ $SEARCH_ONLY = 0 ]; then
  say "raw argon2id rate ($(nproc) threads)"
  ARGON=$("$BIN/bench/bench-pwhash" "$(nproc)" 5 | awk '/hashes_per_s/ {print $2}')
  say "raw SQLite inserts of $IMPORT_ROWS rows"
  SQL_OUT=$("$BIN/bench/bench-sqlite-ceiling" "$DATA/switchboard.db" "$CEILING_ORG" "$WORK/import.csv")
  SQL_S=$(echo "$SQL_OUT" | awk '/^seconds/ {print $2}')
  SQL_RATE=$(echo "$SQL_OUT" | awk '/^rows_per_s/ {print $2}')
fi

# ---- the server --------------------------------------------------------------
PORT=$(free_port)
BASE=http://127.0.0.1:$PORT
"$BIN/switchboard" serve --data "$DATA" --listen "127.0.0.1:$PORT" --log-level error \
  >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
wait_http "$BASE/healthz"
LOGIN=$(curl -fsS -H 'Content-Type: application/json' \
  -d "{\"login\":\"admin@bench.example\",\"password\":\"$PASSWORD\"}" "$BASE/api/v1/auth/login")
export BENCH_TOKEN=$(echo "$LOGIN" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
read -r S_ORG S_ID _ < <(head -1 "$WORK/sample.txt")
curl -fsS -H "Authorization: Bearer $BENCH_TOKEN" -o "$WORK/user.json" \
  "$BASE/api/v1/orgs/$S_ORG/users/$S_ID"
USER_BYTES=$(stat -c %s "$WORK/user.json")

# ---- nginx, the HTTP ceiling -------------------------------------------------
if [ $SIP_ONLY = 0 ] && [ $SCIM_ONLY = 0 ]; then
  NPORT=$(free_port)
  mkdir -p "$WORK/nginx/www" "$WORK/nginx/logs"
  chmod 755 "$WORK" "$WORK/nginx" "$WORK/nginx/www" # workers may run as nobody
  cp "$WORK/user.json" "$WORK/nginx/www/user.json" && chmod 644 "$WORK/nginx/www/user.json"
  cat >"$WORK/nginx/nginx.conf" <<EOF
worker_processes $(nproc);
daemon off;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/logs/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $WORK/nginx/tmp; proxy_temp_path $WORK/nginx/tmp;
  fastcgi_temp_path $WORK/nginx/tmp; uwsgi_temp_path $WORK/nginx/tmp; scgi_temp_path $WORK/nginx/tmp;
  default_type application/json;
  server { listen 127.0.0.1:$NPORT; root $WORK/nginx/www; }
}
EOF
  nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" 2>>"$WORK/nginx/logs/error.log" &
  NGINX_PID=$!
  wait_http "http://127.0.0.1:$NPORT/user.json"
  say "nginx: static $USER_BYTES-byte JSON"
  wrk_run NGINX static.lua "http://127.0.0.1:$NPORT/user.json" "$DURATION"
  NGINX_KB=0
  for p in $(pgrep -P "$NGINX_PID") "$NGINX_PID"; do
    NGINX_KB=$((NGINX_KB + $(anon_kb "$p")))
  done
  NGINX_RSS=$(anon_mb "$NGINX_KB")
  kill "$NGINX_PID" && wait "$NGINX_PID" 2>/dev/null || true
  NGINX_PID=""
fi

# ---- the server under wrk ----------------------------------------------------
# drain_mail SQL_CLIENT: waits (at most 10 minutes) until the mail worker has
# written every invitation the create test queued, so that the tests after
# it measure their own work, not that backlog; sets MAIL_N and MAIL_DRAIN_S
drain_mail() {
  local t0 n
  t0=$(date +%s.%N)
  MAIL_N=$($1 "SELECT count(*) FROM outbox WHERE status = 'pending'" 2>/dev/null | tr -d ' ')
  for _ in $(seq 1200); do
    n=$($1 "SELECT count(*) FROM outbox WHERE status = 'pending'" 2>/dev/null | tr -d ' ')
    [ "${n:-1}" = 0 ] && break
    sleep 0.5
  done
  MAIL_DRAIN_S=$(printf %.1f "$(echo "$(date +%s.%N) - $t0" | bc)")
  say "mail: $MAIL_N pending after the create test, written in $MAIL_DRAIN_S s"
}

run_server() { # NAME SCRIPT PATH DURATION [CONNS]: also sets RSS_<NAME>
  say "server: $1"
  anon_peak_start "$SERVER_PID"
  local perf_pid=""
  if [ -n "${BENCH_PROFILE:-}" ] && command -v perf >/dev/null; then
    mkdir -p "$BENCH_PROFILE"
    perf record -q -F 499 -g -p "$SERVER_PID" -o "$BENCH_PROFILE/$1.data" -- sleep 5 \
      >/dev/null 2>&1 &
    perf_pid=$!
  fi
  wrk_run "$1" "$2" "$BASE$3" "$4" "${5:-}"
  if [ -n "$perf_pid" ]; then
    wait "$perf_pid" || true
    perf report -q --stdio --no-children --percent-limit 1.5 -g none \
      -i "$BENCH_PROFILE/$1.data" >"$BENCH_PROFILE/$1.txt" 2>/dev/null || true
  fi
  printf -v "RSS_$1" '%s' "$(anon_peak_stop)"
}
[ $SEARCH_ONLY = 1 ] || run_server GET get_user.lua / "$DURATION"

# ---- SCIM (--scim): the organization's identity provider ----------------------
if [ $SCIM_ONLY = 1 ]; then
  read -r S_ORG _ < <(head -1 "$WORK/sample.txt")
  BENCH_SCIM_TOKEN=$("$BIN/switchboard" token create --data "$DATA" --org "$S_ORG" --name scim \
    --rights scim,users.read,users.write,groups.read,calls.read_own,destination.write_own,media.write_own)
  export BENCH_SCIM_TOKEN
  run_server SCIM_FILTER scim_filter.lua / "$DURATION"
  run_server SCIM_CREATE scim_create.lua / "$DURATION"
  run_server CREATE create_user.lua / "$DURATION"
  kill "$SERVER_PID" && wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
  SCIM_TABLE=$(
    echo "| test | requests/s | p50 ms | p99 ms | peak anon RSS | baseline | ratio |"
    echo "|---|---:|---:|---:|---:|---|---:|"
    row "SCIM filter userName eq (Okta, Entra ID)" "$R_SCIM_FILTER" "$RSS_SCIM_FILTER" "API GET user" "${R_GET%% *}"
    row "SCIM create user, invite" "$R_SCIM_CREATE" "$RSS_SCIM_CREATE" "API create user" "${R_CREATE%% *}"
    row "*baseline:* API GET user" "$R_GET" "$RSS_GET" "" ""
    row "*baseline:* API create user, invite" "$R_CREATE" "$RSS_CREATE" "" ""
  )
  SCIM_REPORT=$(cat <<EOF
Run of $(date -u '+%Y-%m-%d %H:%M UTC'), \`bench/run.sh --scim$([ $SMALL = 1 ] && echo ' --small')\`, git $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo "?").

- Machine: $MACHINE.
- Data: $USERS users in one customer organization, SQLite file $DB_MB MB, generated in $(printf %.0f "$GEN_S") s; the users SCIM creates are added to them.
- Load: wrk (2 threads, $CONNS connections, $DURATION) on 127.0.0.1, on the same cores as the server; the SCIM token holds scim and the rights of the users it changes.
- Server: \`switchboard serve\` from build-release; the baselines are the API's own requests in the same run.

$SCIM_TABLE
EOF
)
  echo
  echo "$SCIM_REPORT"
  if [ $SMALL = 0 ]; then
    grep -q '<!-- bench-scim:begin -->' "$DOC" ||
      printf '\n## SCIM\n\n<!-- bench-scim:begin -->\n<!-- bench-scim:end -->\n' >>"$DOC"
    write_doc "<!-- bench-scim:begin -->" "<!-- bench-scim:end -->" "$SCIM_REPORT"
    echo "(written to docs/performance.md)"
  fi
  exit 0
fi
if [ $SIP_ONLY = 0 ] && [ "$BIG" -gt 0 ]; then
  # issue 17: people found by any part of them, in the big organization
  run_server SEARCHBIG search_big.lua / "$DURATION"
  run_server SEARCHBIG1 search_big.lua / "$DURATION" 1
  # the organization switcher: a customer by (a part of) its name, below the partner
  export BENCH_ORGS=$ORGS
  run_server SEARCHORGS search_orgs.lua / "$DURATION"
  say "search: $R_SEARCHBIG; 1 connection: $R_SEARCHBIG1 (rps p50 p99 non2xx errors n timeouts)"
fi
if [ $SIP_ONLY = 0 ] && [ $SEARCH_ONLY = 0 ]; then
  run_server SEARCH search.lua / "$DURATION"
  # The same with one connection: latency without queueing behind other requests.
  run_server SEARCH1 search.lua / "$DURATION" 1
  run_server CREATE create_user.lua / "$DURATION"
  drain_mail "sqlite3 $DATA/switchboard.db"
  # Sign-in is CPU bound by argon2id: as many connections as cores keep every
  # core hashing without queueing requests behind each other.
  run_server LOGIN login.lua / "$LOGIN_DURATION" "$(nproc)"
fi
# the peak outside sign-in, and during it (each argon2id takes 19 MiB)
SERVER_RSS=$(printf '%s\n' "${RSS_GET:-0}" "${RSS_SEARCH:-0}" "${RSS_SEARCH1:-0}" \
  "${RSS_CREATE:-0}" | sort -n | tail -1)
LOGIN_RSS=${RSS_LOGIN:-0}

# ---- import ------------------------------------------------------------------
IMPORT_S="" IMPORT_RSS="" IMPORT_NOTE=""
if [ $SIP_ONLY = 1 ] || [ $PG_ONLY = 1 ]; then
  :
elif "$BIN/switchboard" import --help >/dev/null 2>&1; then
  say "import of $IMPORT_ROWS users"
  t0=$(date +%s.%N)
  "$BIN/switchboard" import --data "$DATA" --org "$IMPORT_ORG" --mode create \
    "$WORK/import.csv" >"$WORK/import.log" 2>&1 </dev/null &
  IMPORT_PID=$!
  anon_peak_start "$IMPORT_PID"
  if wait "$IMPORT_PID"; then
    IMPORT_S=$(echo "$(date +%s.%N) - $t0" | bc)
    IMPORT_RSS=$(anon_peak_stop)
  else
    anon_peak_stop >/dev/null
    IMPORT_NOTE="import: failed ($(grep -m1 '^line ' "$WORK/import.log" || tail -1 "$WORK/import.log"))"
  fi
else
  IMPORT_NOTE="import: not measured (no import command)"
fi

# ---- SIP through Kamailio ----------------------------------------------------
[ $SEARCH_ONLY = 1 ] || sip_bench

kill "$SERVER_PID" && wait "$SERVER_PID" 2>/dev/null || true
SERVER_PID=""

# ---- PostgreSQL, one node and two (bench/pg.sh) --------------------------------
PG_RAN=0
if [ $SIP_ONLY = 0 ] && [ $SCIM_ONLY = 0 ] && { [ $SEARCH_ONLY = 0 ] || [ $PG_ONLY = 1 ]; }; then
  if [ $PG_ONLY = 1 ]; then
    say "raw argon2id rate ($(nproc) threads)"
    ARGON=$("$BIN/bench/bench-pwhash" "$(nproc)" 5 | awk '/hashes_per_s/ {print $2}')
  fi
  pg_bench
  pg_report
  PG_RAN=1
fi

# ---- the search table (issue 17) -----------------------------------------------
SEARCH_TABLE=""
if [ $SIP_ONLY = 0 ] && [ "$BIG" -gt 0 ]; then
  NGINX_RPS=${R_NGINX%% *}
  read -r _ _ BIG_P99 _ <<<"$R_SEARCHBIG"
  read -r _ _ BIG1_P99 _ <<<"$R_SEARCHBIG1"
  SEARCH_TABLE=$(
    echo "| test | requests/s | p50 ms | p99 ms | peak anon RSS | ceiling | ratio |"
    echo "|---|---:|---:|---:|---:|---|---:|"
    row "search in $BIG users, $CONNS connections" "$R_SEARCHBIG" "$RSS_SEARCHBIG" "nginx static" "$NGINX_RPS"
    row "search in $BIG users, 1 connection" "$R_SEARCHBIG1" "$RSS_SEARCHBIG1" "nginx static" "$NGINX_RPS"
    row "organization switcher: q=customer N among $((ORGS + 3)) below the partner" "$R_SEARCHORGS" "$RSS_SEARCHORGS" "nginx static" "$NGINX_RPS"
    if [ -n "$IMPORT_S" ]; then
      printf '| import %s users | %.0f rows/s (%.1f s) | - | - | %s MB | | |\n' \
        "$IMPORT_ROWS" "$(echo "$IMPORT_ROWS / $IMPORT_S" | bc -l)" "$IMPORT_S" "$IMPORT_RSS"
    else
      echo "| $IMPORT_NOTE | | | | | | |"
    fi
    row "*ceiling:* nginx static $USER_BYTES B" "$R_NGINX" "$NGINX_RSS" "" ""
    echo
    echo "Target: search p99 under 10 ms in an organization of $BIG users with $CONNS connections: $(ms "$BIG_P99") ms — $(verdict "$(ge 10000 "$BIG_P99")"); $(ms "$BIG1_P99") ms with 1 connection."
  )
fi

# ---- the table ---------------------------------------------------------------
TABLE="" TARGETS=""
if [ $SIP_ONLY = 0 ] && [ $SEARCH_ONLY = 0 ]; then
  NGINX_RPS=${R_NGINX%% *}
  TABLE=$(
    echo "| test | requests/s | p50 ms | p99 ms | peak anon RSS | ceiling | ratio |"
    echo "|---|---:|---:|---:|---:|---|---:|"
    row "GET user" "$R_GET" "$RSS_GET" "nginx static" "$NGINX_RPS"
    row "search q=<3 letters> limit=20" "$R_SEARCH" "$RSS_SEARCH" "nginx static" "$NGINX_RPS"
    row "search, 1 connection" "$R_SEARCH1" "$RSS_SEARCH1" "nginx static" "$NGINX_RPS"
    row "create user, invite" "$R_CREATE" "$RSS_CREATE" "raw SQLite rows/s" "$SQL_RATE"
    row "sign-in" "$R_LOGIN" "$RSS_LOGIN" "raw argon2id/s" "$ARGON"
    if [ -n "$IMPORT_S" ]; then
      printf '| import %s users | %.0f rows/s (%.1f s) | - | - | %s MB | raw SQLite %.1f s | %s |\n' \
        "$IMPORT_ROWS" "$(echo "$IMPORT_ROWS / $IMPORT_S" | bc -l)" "$IMPORT_S" "$IMPORT_RSS" \
        "$SQL_S" "$(ratio "$IMPORT_S" "$SQL_S") (time)"
    else
      echo "| $IMPORT_NOTE | | | | | | |"
    fi
    row "*ceiling:* nginx static $USER_BYTES B" "$R_NGINX" "$NGINX_RSS" "" ""
    printf '| *ceiling:* argon2id t=2 m=19 MiB, %s threads | %s | | | | | |\n' "$(nproc)" "$ARGON"
    printf '| *ceiling:* raw SQLite insert %s users | %s rows/s (%s s) | | | | | |\n' \
      "$IMPORT_ROWS" "$SQL_RATE" "$SQL_S"
  )

  # ---- the targets (issue 7) ---------------------------------------------------
  read -r _ _ SEARCH_P99 _ <<<"$R_SEARCH"
  read -r _ _ SEARCH1_P99 _ <<<"$R_SEARCH1"
  CREATE_RPS=${R_CREATE%% *} LOGIN_RPS=${R_LOGIN%% *} GET_RPS=${R_GET%% *}
  TARGETS=$(
    echo "- GET user at least 50% of nginx's static rate: $(ratio "$GET_RPS" "$NGINX_RPS") — $(verdict "$(ge "$GET_RPS" "$(echo "$NGINX_RPS / 2" | bc -l)")")"
    echo "- search p99 under 10 ms at $USERS users: $(ms "$SEARCH_P99") ms with $CONNS connections — $(verdict "$(ge 10000 "$SEARCH_P99")"); $(ms "$SEARCH1_P99") ms with 1 connection — $(verdict "$(ge 10000 "$SEARCH1_P99")")"
    echo "- create with invitation at least 5,000 users/s on SQLite: $CREATE_RPS/s — $(verdict "$(ge "$CREATE_RPS" 5000)")"
    echo "- sign-in at least 90% of the raw argon2id rate: $(ratio "$LOGIN_RPS" "$ARGON") — $(verdict "$(ge "$LOGIN_RPS" "$(echo "$ARGON * 0.9" | bc -l)")")"
    if [ -n "$IMPORT_S" ]; then
      echo "- import of $IMPORT_ROWS users under 20 s: $(printf %.1f "$IMPORT_S") s — $(verdict "$(ge 20 "$IMPORT_S")"); within 3x of raw SQLite: $(ratio "$IMPORT_S" "$SQL_S")x — $(verdict "$(ge "$(echo "$SQL_S * 3" | bc -l)" "$IMPORT_S")")"
    else
      echo "- import under 20 s and within 3x of raw SQLite: ${IMPORT_NOTE}"
    fi
    LOGIN_CAP=$((32 + 19 * $(nproc)))
    echo "- server anonymous RSS under 32 MB with $USERS users on SQLite: $SERVER_RSS MB outside sign-in — $(verdict "$(ge 32 "$SERVER_RSS")"); under $LOGIN_CAP MB during sign-in (one argon2id of 19 MiB a core): $LOGIN_RSS MB — $(verdict "$(ge "$LOGIN_CAP" "$LOGIN_RSS")")"
  )
fi

[ $SEARCH_ONLY = 1 ] || sip_report
ARGS=""
if [ $PG_ONLY = 1 ]; then ARGS=" --pg"; elif [ $SEARCH_ONLY = 1 ]; then ARGS=" --search"; fi
[ $SMALL = 0 ] || ARGS="$ARGS --small"
[ $SIP_ONLY = 0 ] || ARGS="$ARGS --sip"
HEAD=$(cat <<EOF
Run of $(date -u '+%Y-%m-%d %H:%M UTC'), \`bench/run.sh$ARGS\`, git $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo "?").

- Machine: $MACHINE.
- Data: $USERS users in $ORGS customer organizations and $BIG in one more (the big organization), all below one partner organization$([ $SEARCH_ONLY = 1 ] || echo ", $SIP_ACCOUNTS of them with a SIP account ($SIP_PER_ORG an organization)"), SQLite file $DB_MB MB, generated in $(printf %.0f "$GEN_S") s.
EOF
)
REPORT=$(cat <<EOF
$HEAD
- Load: wrk (2 threads, $CONNS connections, $DURATION; sign-in $(nproc) connections, $LOGIN_DURATION) on 127.0.0.1, on the same cores as the server.
- Server: \`switchboard serve\` from build-release (--buildtype=release, b_ndebug), default threads; peak RSS is the server's anonymous resident set (RssAnon), its highest value sampled every 50 ms during each test (nginx: its processes' RssAnon after its test).
- Mail: $MAIL_N of the create test's invitations were still queued when it ended; the mail worker had written them to the outbox $MAIL_DRAIN_S s later, before the next test began.

$TABLE

Targets:

$TARGETS
EOF
)
SIP_REPORT=""
if [ $SEARCH_ONLY = 0 ]; then
SIP_REPORT=$(cat <<EOF
$HEAD
- SIP: Kamailio $("$KAMAILIO" -v 2>/dev/null | awk '/^version:/ {print $3; exit}') (children=4 in both configurations) and sipp $("$SIPP" -v 2>/dev/null | awk '/SIPp v/ {sub(/^v/, "", $2); sub(/-.*/, "", $2); print $2; exit}') over UDP on 127.0.0.1, on the same cores as the server; REGISTERs $SIP_CONC at once, each sent as soon as one is answered; cold: one round over the $SIP_ACCOUNTS accounts; warm and the ceilings: $SIP_WARM_ROUNDS round(s) after a first one; calls: $SIP_CALLS at $SIP_CALL_RATE/s, timed from sipp's message log (µs).
- HTTP: wrk (2 threads, $CONNS connections, or 1; $DURATION) with the sip.proxy token.

$SIP_TABLE

Targets:

$SIP_TARGETS
EOF
)
fi
PG_REPORT=""
if [ $PG_RAN = 1 ]; then
PG_REPORT=$(cat <<EOF
Run of $(date -u '+%Y-%m-%d %H:%M UTC'), \`bench/run.sh$ARGS\`, git $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo "?").

- Machine: $MACHINE.
- Data: PostgreSQL $PG_VERSION (a throwaway cluster, the defaults but max_connections=300; fsync on), $PG_USERS users in $PG_ORGS customer organizations below one partner, generated in $(printf %.0f "$PG_GEN_S") s.
- Load: wrk (2 threads, $CONNS connections, $DURATION; sign-in $(nproc) connections, $LOGIN_DURATION; two nodes: a wrk each, $((CONNS / 2)) connections each, at once) on 127.0.0.1, on the same cores as the nodes and the database. Database CPU: user and system time of the cluster's processes during the test over the requests answered.
- Mail: $PG_MAIL_N of the one-node create test's invitations were still queued when it ended, written $PG_MAIL_DRAIN_S s later, before sign-in began (and after the two-node create, before the next test).

$PG_TABLE

Targets:

$PG_TARGETS
EOF
)
fi
SEARCH_REPORT=$(cat <<EOF
$HEAD
- Load: wrk (2 threads, $CONNS connections or 1, $DURATION) on 127.0.0.1, on the same cores as the server; queries from bench-gen, in turn a full name, a last name, its first three letters, an extension, a mobile number as dialled (bench/search_big.lua).

$SEARCH_TABLE
EOF
)
echo
if [ $SIP_ONLY = 0 ] && [ $SEARCH_ONLY = 0 ]; then echo "$REPORT"; echo; fi
if [ -n "$SEARCH_TABLE" ]; then echo "$SEARCH_REPORT"; echo; fi
if [ $PG_RAN = 1 ]; then echo "$PG_REPORT"; echo; fi
[ $SEARCH_ONLY = 1 ] || echo "$SIP_REPORT"
if [ $SMALL = 0 ]; then
  [ $SIP_ONLY = 1 ] || [ $SEARCH_ONLY = 1 ] || write_doc "<!-- bench:begin -->" "<!-- bench:end -->" "$REPORT"
  [ -z "$SEARCH_TABLE" ] || write_doc "<!-- bench-search:begin -->" "<!-- bench-search:end -->" "$SEARCH_REPORT"
  [ $PG_RAN = 0 ] || write_doc "<!-- bench-pg:begin -->" "<!-- bench-pg:end -->" "$PG_REPORT"
  [ $SEARCH_ONLY = 1 ] || write_doc "<!-- bench-sip:begin -->" "<!-- bench-sip:end -->" "$SIP_REPORT"
  echo "(written to docs/performance.md)"
fi
