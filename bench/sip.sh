# bench/sip.sh: the SIP section of the bench, sourced by bench/run.sh (which
# has generated the data with SIP accounts in $WORK/sip.txt, started the
# server at $BASE and defined say, wrk_run and run_server). Measures, on
# 127.0.0.1 and on the same cores as everything else:
#
#   1. REGISTER/s through Kamailio running the kamailio.cfg that
#      `switchboard sip-config` writes: a first round over every account
#      (cold: Kamailio asks Switchboard for each HA1 over HTTP), then more
#      rounds (warm: every HA1 in Kamailio's htable);
#   2. the ceiling beside it: Kamailio's auth_db over a db_text subscriber
#      table of the same accounts (bench/kamailio-ceiling.cfg), and the same
#      table read once into an htable (-A CEILING_HTABLE);
#   3. GET /api/v1/sip/route with wrk, with 16 connections and with one;
#   4. calls through Kamailio (each INVITE routed by Switchboard) to phones
#      registered in round 1: the time from the INVITE to its 180 and 200.
#
# sipp (sip-tester) drives SIP: bench/sip-register.xml, sip-call.xml and
# sip-phone.xml, the accounts from injection files. Every Kamailio and sipp
# is started here and stopped by its pid (a Kamailio's workers through its
# process group, which is its pid) by sip_cleanup, which run.sh's trap
# calls too.
#
# sip_bench measures; sip_report then sets SIP_TABLE (markdown) and
# SIP_TARGETS for the report.

SIP_DIR=$WORK/sip
KAMAILIO=${KAMAILIO:-/usr/sbin/kamailio}
SIPP=${SIPP:-/usr/bin/sipp}
KAM_MPATH=/usr/lib/$(gcc -dumpmachine 2>/dev/null || echo x86_64-linux-gnu)/kamailio/modules
SIP_CONC=${BENCH_SIP_CONCURRENCY:-64} # REGISTERs in flight (sipp -l)
SIP_CALL_RATE=${BENCH_SIP_CALL_RATE:-50}
if [ "$SMALL" = 1 ]; then
  SIP_WARM_ROUNDS=1 SIP_CALLS=${BENCH_SIP_CALLS:-300}
else
  SIP_WARM_ROUNDS=4 SIP_CALLS=${BENCH_SIP_CALLS:-1000}
fi
KAM_PIDS="" SIPP_PIDS="" SIP_PORTS=""

# sip_port VAR: a port free on 127.0.0.1 for UDP and TCP both (SIP listens
# on both), not handed out before in this run, into VAR.
sip_port() {
  local p
  while :; do
    p=$(python3 -c '
import socket
t = socket.socket(); t.bind(("127.0.0.1", 0)); p = t.getsockname()[1]
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.bind(("127.0.0.1", p)); print(p)' 2>/dev/null) || continue
    case " $SIP_PORTS " in *" $p "*) continue ;; esac
    SIP_PORTS="$SIP_PORTS $p"
    printf -v "$1" '%s' "$p"
    return
  done
}

# kam_start NAME CFG RPC_PORT [ARGS]: Kamailio in the foreground of its own
# session (so its process group is its pid), logging to NAME.log; waits
# until its JSON-RPC answers. Sets KAM_PID.
kam_start() {
  local name=$1 cfg=$2 rpc=$3
  shift 3
  setsid "$KAMAILIO" -f "$cfg" -DD -E "$@" >"$SIP_DIR/$name.log" 2>&1 &
  KAM_PID=$!
  KAM_PIDS="$KAM_PIDS $KAM_PID"
  # setsid ran in a child that is no group leader, so it made the session
  # without forking: the pid is Kamailio's, and its process group's
  for _ in $(seq 100); do
    if ! kill -0 "$KAM_PID" 2>/dev/null; then
      echo "bench: kamailio ($name) exited:" >&2
      tail -20 "$SIP_DIR/$name.log" >&2
      return 1
    fi
    curl -fsS -o /dev/null -d '{"jsonrpc":"2.0","method":"core.version","id":1}' \
      "http://127.0.0.1:$rpc/RPC" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "bench: kamailio ($name) does not answer on its RPC port" >&2
  return 1
}

# Stops a Kamailio by its pid; its workers (its process group) are killed
# when they outlive it by 5 s.
kam_stop() {
  local pid=$1
  kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  for _ in $(seq 50); do
    kill -0 -- "-$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL -- "-$pid" 2>/dev/null || true
  KAM_PIDS=$(echo "$KAM_PIDS" | tr ' ' '\n' | grep -vx "$pid" | tr '\n' ' ')
}

sip_cleanup() {
  local p
  for p in $SIPP_PIDS; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null || true; done
  SIPP_PIDS=""
  for p in $KAM_PIDS; do kam_stop "$p"; done
  [ -n "${SIP_PERF_PID:-}" ] && kill -INT "$SIP_PERF_PID" 2>/dev/null || true
}

# sipp_run NAME ARGS: sipp in SIP_DIR with statistics to NAME.csv, waited
# for by pid; its exit code (0: every call succeeded, 1: some failed).
sipp_run() {
  local name=$1 rc=0
  shift
  (cd "$SIP_DIR" && exec "$SIPP" "$@" -i 127.0.0.1 -t u1 -nostdin -trace_stat \
    -stf "$name.csv" -fd 1 -trace_err -error_file "$name.err" >"$name.out" 2>&1) &
  local pid=$!
  SIPP_PIDS="$SIPP_PIDS $pid"
  wait "$pid" || rc=$?
  SIPP_PIDS=$(echo "$SIPP_PIDS" | tr ' ' '\n' | grep -vx "$pid" | tr '\n' ' ')
  return "$rc"
}

# The cumulative counter COLUMN from the last line of a sipp statistics file.
sipp_stat() {
  awk -F';' -v col="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == col) c = i }
    END { print (c ? $c : "?") }' "$SIP_DIR/$1.csv"
}

# Samples PIDS (comma-separated) with perf until sip_perf_stop, when
# BENCH_PROFILE is set; the report is BENCH_PROFILE/NAME.txt.
sip_perf_start() {
  SIP_PERF_PID=""
  [ -n "${BENCH_PROFILE:-}" ] && command -v perf >/dev/null || return 0
  mkdir -p "$BENCH_PROFILE"
  SIP_PERF_NAME=$1
  perf record -q -F 499 -g -p "$2" -o "$BENCH_PROFILE/$1.data" -- sleep 600 >/dev/null 2>&1 &
  SIP_PERF_PID=$!
  sleep 0.3
}
sip_perf_stop() {
  [ -n "$SIP_PERF_PID" ] || return 0
  kill -INT "$SIP_PERF_PID" 2>/dev/null || true
  wait "$SIP_PERF_PID" 2>/dev/null || true
  SIP_PERF_PID=""
  perf report -q --stdio --no-children --sort comm,dso,sym --percent-limit 1 -g none \
    -i "$BENCH_PROFILE/$SIP_PERF_NAME.data" >"$BENCH_PROFILE/$SIP_PERF_NAME.txt" 2>/dev/null || true
}

# A Kamailio's process ids, comma-separated (for perf).
kam_pids() { pgrep -g "$1" | paste -sd, -; }

# reg_round NAME SIP_PORT COUNT: COUNT REGISTERs (digest-authenticated, the
# accounts of reg.csv in turn) at most SIP_CONC at once, as fast as they
# are answered. Sets REG_<NAME>="per_s ok failed retransmissions seconds".
reg_round() {
  local name=$1 port=$2 count=$3 t0 t1 rc=0 local_port
  sip_port local_port
  say "SIP: REGISTER $name, $count registrations, $SIP_CONC at once"
  t0=$(date +%s.%N)
  sipp_run "reg-$name" "127.0.0.1:$port" -sf "$BENCH_DIR/sip-register.xml" \
    -inf "$SIP_DIR/reg.csv" -key phone_port "$PHONE_PORT" -p "$local_port" \
    -m "$count" -r 100000 -l "$SIP_CONC" -timeout 300s -recv_timeout 5s || rc=$?
  t1=$(date +%s.%N)
  local ok failed re secs
  ok=$(sipp_stat "reg-$name" 'SuccessfulCall(C)')
  failed=$(sipp_stat "reg-$name" 'FailedCall(C)')
  re=$(sipp_stat "reg-$name" 'Retransmissions(C)')
  secs=$(echo "$t1 - $t0" | bc)
  [ "$rc" -le 1 ] || { echo "bench: sipp failed ($rc):" >&2; tail -20 "$SIP_DIR/reg-$name.out" >&2; return 1; }
  printf -v "REG_$name" '%s' "$(echo "scale=1; $ok / $secs" | bc) $ok $failed $re $(printf %.2f "$secs")"
}

sip_bench() {
  mkdir -p "$SIP_DIR/kam" "$SIP_DIR/ceil/db" "$SIP_DIR/ceil/run" "$SIP_DIR/ceilht/run"
  local n
  n=$(wc -l <"$WORK/sip.txt")
  # reg.csv: username; credentials as sipp's keyword; realm (the domain
  # the phone registers in). routes: caller, a colleague's extension in
  # its organization (the next account of the same organization, round).
  { echo SEQUENTIAL
    awk '{ printf "%s;[authentication username=%s password=%s];%s\n", $1, $1, $2, $3 }' \
      "$WORK/sip.txt"; } >"$SIP_DIR/reg.csv"
  awk '{ u[NR] = $1; s[NR] = $2; r[NR] = $3; o[NR] = $5; x[NR] = $8 }
    END {
      for (i = 1; i <= NR; i = j) {
        for (j = i; j <= NR && o[j] == o[i]; j++) ;
        for (k = i; k < j; k++) print u[k], s[k], r[k], x[k + 1 < j ? k + 1 : i]
      }
    }' "$WORK/sip.txt" >"$SIP_DIR/pairs.txt"
  awk '{ print $1, $4 }' "$SIP_DIR/pairs.txt" >"$SIP_DIR/routes.txt"
  { echo SEQUENTIAL
    awk '{ printf "%s;[authentication username=%s password=%s];%s;%s\n", $1, $1, $2, $3, $4 }' \
      "$SIP_DIR/pairs.txt"; } >"$SIP_DIR/calls.csv"
  # the ceiling's table: the same accounts, realm and HA1
  { echo "id(int,auto) username(string) domain(string) ha1(string)"
    awk '{ printf "%d:%s:%s:%s\n", NR, $1, $3, $4 }' "$WORK/sip.txt"; } \
    >"$SIP_DIR/ceil/db/subscriber"

  # ---- Kamailio as Switchboard configures it ----
  local kam_port rpc_port
  sip_port kam_port
  sip_port rpc_port
  sip_port PHONE_PORT
  "$BIN/switchboard" token create --data "$DATA" --org "$PLATFORM_ORG" --name kamailio \
    --rights sip.proxy >"$SIP_DIR/token"
  chmod 600 "$SIP_DIR/token"
  export BENCH_SIP_TOKEN
  BENCH_SIP_TOKEN=$(cat "$SIP_DIR/token")
  "$BIN/switchboard" sip-config --sip-listen "127.0.0.1:$kam_port" \
    --rpc-listen "127.0.0.1:$rpc_port" --url "$BASE" --token-file "$SIP_DIR/token" \
    --runtime-dir "$SIP_DIR/kam" --output "$SIP_DIR/kamailio.cfg"
  say "SIP: Kamailio (switchboard sip-config) on 127.0.0.1:$kam_port, $n accounts"
  kam_start switchboard "$SIP_DIR/kamailio.cfg" "$rpc_port"
  local kam_sb=$KAM_PID
  sip_perf_start sip-register-cold "$SERVER_PID,$(kam_pids "$kam_sb")"
  reg_round cold "$kam_port" "$n"
  sip_perf_stop
  sip_perf_start sip-register-warm "$(kam_pids "$kam_sb")"
  reg_round warm "$kam_port" $((n * SIP_WARM_ROUNDS))
  sip_perf_stop

  # ---- the ceilings: auth_db over db_text, and the table in an htable ----
  local c_port c_rpc kind
  for kind in ceil ceilht; do
    sip_port c_port
    sip_port c_rpc
    sed -e "s|@SIP_LISTEN@|127.0.0.1:$c_port|; s|@RPC_LISTEN@|127.0.0.1:$c_rpc|" \
      -e "s|@RPC_PORT@|$c_rpc|g; s|@RUNDIR@|$SIP_DIR/$kind/run|; s|@MPATH@|$KAM_MPATH|" \
      -e "s|@DB_DIR@|$SIP_DIR/ceil/db|" "$BENCH_DIR/kamailio-ceiling.cfg" >"$SIP_DIR/$kind.cfg"
    if [ $kind = ceil ]; then
      say "SIP: ceiling, Kamailio's auth_db over a db_text table, on 127.0.0.1:$c_port"
      kam_start ceiling "$SIP_DIR/$kind.cfg" "$c_rpc"
    else
      say "SIP: ceiling, the same table in an htable, on 127.0.0.1:$c_port"
      kam_start ceiling-htable "$SIP_DIR/$kind.cfg" "$c_rpc" -A CEILING_HTABLE
    fi
    reg_round "${kind}_first" "$c_port" "$n"
    sip_perf_start "sip-register-$kind" "$(kam_pids "$KAM_PID")"
    reg_round "$kind" "$c_port" $((n * SIP_WARM_ROUNDS))
    sip_perf_stop
    kam_stop "$KAM_PID"
  done

  # ---- route lookups over HTTP ----
  export BENCH_SIP_ROUTES=$SIP_DIR/routes.txt
  run_server ROUTE sip_route.lua / "$DURATION"
  run_server ROUTE1 sip_route.lua / "$DURATION" 1

  # ---- calls: INVITE -> 180 / 200 through the route lookup ----
  say "SIP: $SIP_CALLS calls at $SIP_CALL_RATE/s to the phones registered in round 1"
  (cd "$SIP_DIR" && exec "$SIPP" -sf "$BENCH_DIR/sip-phone.xml" -i 127.0.0.1 -p "$PHONE_PORT" \
    -t u1 -nostdin -s phone -trace_err -error_file phones.err >phones.out 2>&1) &
  local phones=$!
  SIPP_PIDS="$SIPP_PIDS $phones"
  sleep 0.3
  sip_perf_start sip-calls "$SERVER_PID,$(kam_pids "$kam_sb")"
  local rc=0 call_port
  sip_port call_port
  sipp_run calls "127.0.0.1:$kam_port" -sf "$BENCH_DIR/sip-call.xml" -inf "$SIP_DIR/calls.csv" \
    -p "$call_port" -r "$SIP_CALL_RATE" -m "$SIP_CALLS" -timeout 300s -recv_timeout 10s \
    -trace_msg -message_file calls.log || rc=$?
  sip_perf_stop
  [ "$rc" -le 1 ] || { echo "bench: sipp calls failed ($rc):" >&2; tail -20 "$SIP_DIR/calls.out" >&2; return 1; }
  kill "$phones" 2>/dev/null && wait "$phones" 2>/dev/null || true
  SIPP_PIDS=$(echo "$SIPP_PIDS" | tr ' ' '\n' | grep -vx "$phones" | tr '\n' ' ')
  CALLS_OK=$(sipp_stat calls 'SuccessfulCall(C)')
  CALLS_FAILED=$(sipp_stat calls 'FailedCall(C)')
  read -r CALLS_N C180_P50 C180_P99 C180_MAX C200_P50 C200_P99 C200_MAX \
    < <(python3 "$BENCH_DIR/sipp-times.py" "$SIP_DIR/calls.log")
  kam_stop "$kam_sb"
  SIP_ACCOUNTS=$n
}

# The SIP rows of the report, from the figures above (run.sh's ratio, row,
# verdict and ge).
sip_report() {
  local rc rw c h
  read -r rc _ <<<"$REG_cold"
  read -r rw _ <<<"$REG_warm"
  read -r c _ <<<"$REG_ceil"
  read -r h _ <<<"$REG_ceilht"
  reg_row() { # label "per_s ok failed retrans secs" ceiling_label ceiling
    local r ok f re s
    read -r r ok f re s <<<"$2"
    printf '| %s | %s/s | %s of %s in %s s | %s, %s | %s | %s |\n' "$1" "$r" "$ok" \
      "$((ok + f))" "$s" "$f" "$re" "$3" "$(ratio "$r" "$4")"
  }
  SIP_TABLE=$(
    echo "| SIP test | rate | registered | failed, retransmitted | ceiling | ratio |"
    echo "|---|---:|---:|---:|---|---:|"
    reg_row "REGISTER, cold (each HA1 from Switchboard over HTTP)" "$REG_cold" "auth_db over db_text" "$c"
    reg_row "REGISTER, warm (every HA1 in Kamailio's htable)" "$REG_warm" "auth_db over db_text" "$c"
    reg_row "REGISTER, warm" "$REG_warm" "the table in an htable" "$h"
    reg_row "*ceiling:* Kamailio auth_db over db_text, first round" "$REG_ceil_first" "" ""
    reg_row "*ceiling:* Kamailio auth_db over db_text" "$REG_ceil" "" ""
    reg_row "*ceiling:* the same table in an htable, first round" "$REG_ceilht_first" "" ""
    reg_row "*ceiling:* the same table in an htable (pv_www_authenticate)" "$REG_ceilht" "" ""
    echo
    echo "| HTTP and calls | requests/s | p50 ms | p99 ms | peak anon RSS | compared with | ratio |"
    echo "|---|---:|---:|---:|---:|---|---:|"
    row "GET /sip/route, $CONNS connections" "$R_ROUTE" "$RSS_ROUTE" "GET user" "${R_GET%% *}"
    row "GET /sip/route, 1 connection" "$R_ROUTE1" "$RSS_ROUTE1" "" ""
    row "GET user, $CONNS connections" "$R_GET" "$RSS_GET" "" ""
    printf '| INVITE → 180, %s calls at %s/s (%s answered, %s failed) | - | %s | %s | - | max %s ms | - |\n' \
      "$CALLS_N" "$SIP_CALL_RATE" "$CALLS_OK" "$CALLS_FAILED" "$C180_P50" "$C180_P99" "$C180_MAX"
    printf '| INVITE → 200 (answered at once) | - | %s | %s | - | max %s ms | - |\n' \
      "$C200_P50" "$C200_P99" "$C200_MAX"
  )
  SIP_TARGETS=$(
    echo "- REGISTER/s at least 0.9 of Kamailio's auth_db ceiling: cold $(ratio "$rc" "$c") — $(verdict "$(ge "$rc" "$(echo "$c * 0.9" | bc -l)")"); warm $(ratio "$rw" "$c") — $(verdict "$(ge "$rw" "$(echo "$c * 0.9" | bc -l)")") (warm against the table in an htable: $(ratio "$rw" "$h"))"
  )
}
