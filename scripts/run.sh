#!/usr/bin/env bash
# scripts/run.sh BUILD DATA LISTEN ADMIN: what `make run` does after the
# build. Initializes DATA (the demo organization, the administrator and its
# softphone account, printed once), writes a kamailio.cfg for this
# installation under DATA/kamailio, and runs Kamailio (the SIP registrar and
# proxy, on $SIP_LISTEN, default 127.0.0.1:5060) beside `switchboard serve`
# (on LISTEN), which pushes its invalidations to Kamailio's JSON-RPC
# ($RPC_LISTEN, default 127.0.0.1:5090). When rtpengine is installed, it
# runs too (its ng socket on $RTPENGINE_NG, default 127.0.0.1:2223; media on
# the SIP host, ports 30000-30999): calls' media pass through it, and a
# party put on hold hears the hold music the server keeps in
# DATA/hold-music. Ctrl-C stops them all, by their pids.
# Without Kamailio (not installed, or its port taken) the server runs alone.
# Once the server answers, what to sign in with is printed last, after the
# build's and the servers' own output, with the portal's URL.
set -euo pipefail
bin=$1/switchboard data=$2 listen=$3 admin=$4
sip=${SIP_LISTEN:-127.0.0.1:5060} rpc=${RPC_LISTEN:-127.0.0.1:5090}
ng=${RTPENGINE_NG:-127.0.0.1:2223}
kdir=$data/kamailio

mkdir -p "$data"
signin=$("$bin" init --data "$data" --admin-email "$admin" --demo-phone --sip-token "$data/kamailio.token")
registrar=

kpid=
spid=
rpid=
stop() {
  trap - INT TERM EXIT
  [ -n "$spid" ] && kill "$spid" 2>/dev/null || true
  [ -n "$kpid" ] && kill "$kpid" 2>/dev/null || true
  [ -n "$rpid" ] && kill "$rpid" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT

rtpeopt=()
holdopt=()
if [ -x /usr/bin/rtpengine ] && { command -v kamailio >/dev/null 2>&1 || [ -x /usr/sbin/kamailio ]; }; then
  # in user space (no kernel module), on the host phones reach SIP at
  /usr/bin/rtpengine --foreground --log-stderr --table=-1 --interface="${sip%:*}" \
    --listen-ng="$ng" --port-min=30000 --port-max=30999 --pidfile="$data/rtpengine.pid" \
    >>"$data/rtpengine.log" 2>&1 &
  rpid=$!
  sleep 0.5
  if kill -0 "$rpid" 2>/dev/null; then
    rtpeopt=(--rtpengine "$ng")
    holdopt=(--hold-music-dir "$(cd "$data" && pwd)/hold-music")
  else
    echo "rtpengine did not start (see $data/rtpengine.log); calls without hold music" >&2
    rpid=
  fi
fi

if command -v kamailio >/dev/null 2>&1 || [ -x /usr/sbin/kamailio ]; then
  mkdir -p "$kdir"
  "$bin" sip-config --sip-listen "$sip" --rpc-listen "$rpc" --url "http://$listen" \
    --token-file "$data/kamailio.token" --runtime-dir "$kdir" --output "$kdir/kamailio.cfg" \
    "${rtpeopt[@]}"
  /usr/sbin/kamailio -f "$kdir/kamailio.cfg" -DD -E -n 2 >>"$kdir/kamailio.log" 2>&1 &
  kpid=$!
  sleep 1
  if kill -0 "$kpid" 2>/dev/null; then
    registrar="SIP registrar: sip:$sip (UDP and TCP); register the softphone account above
  there with the domain ${sip%:*} (Kamailio's log: $kdir/kamailio.log)"
  else
    echo "Kamailio did not start (see $kdir/kamailio.log); serving without it" >&2
    kpid=
  fi
else
  echo "Kamailio is not installed; serving without it" >&2
fi

rpcopt=()
[ -n "$kpid" ] && rpcopt=(--sip-rpc "http://$rpc/RPC")
"$bin" serve --data "$data" --listen "$listen" "${rpcopt[@]}" "${holdopt[@]}" &
spid=$!
# the sign-in, once the portal answers (or the server gave up)
host=${listen%:*} port=${listen##*:}
for _ in $(seq 1 100); do
  (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null && break
  kill -0 "$spid" 2>/dev/null || break
  sleep 0.1
done
if kill -0 "$spid" 2>/dev/null; then
  echo
  echo "== Switchboard runs: open http://$listen"
  echo "$signin"
  [ -n "$registrar" ] && echo "$registrar"
  [ -n "$rpid" ] && echo "Media relay: rtpengine, ng on $ng (its log: $data/rtpengine.log)"
  echo "== Ctrl-C stops it."
fi
wait "$spid"
