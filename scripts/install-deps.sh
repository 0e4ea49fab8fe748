#!/usr/bin/env bash
# Installs the Debian packages Switchboard needs to build and run, to test
# (--test), or to benchmark (--bench).
# Idempotent: it asks apt only for what is missing, and does nothing when
# everything is present. Run as root (or through sudo) on Debian 12.
set -euo pipefail

build=(meson ninja-build pkg-config gcc g++ libc6-dev
       libmicrohttpd-dev libjansson-dev libsqlite3-dev libpq-dev
       libsodium-dev libssl-dev libzxcvbn-dev liboath-dev libqrencode-dev
       libcurl4-openssl-dev libphonenumber-dev libcctz-dev libsndfile1-dev
       libsamplerate0-dev libcmocka-dev)
# make run: Kamailio, the SIP proxy beside the server, with its http_client
# (utils), jansson and acc_json (extra) modules; the system's tzdata
run=(kamailio kamailio-utils-modules kamailio-extra-modules kamailio-json-modules
     rtpengine-daemon # the media relay: hold music played into a held call
     tzdata # the IANA time zones a time zone field is checked against
     espeak-ng) # greetings spoken from text (the media library)
test=(nodejs npm python3 python3-aiosmtpd postgresql sqlite3 openssl chromium
      clang libclang-rt-dev clang-format # clang and libFuzzer for tests/fuzz; the format check
      sip-tester baresip-core # tests/sip: sipp and baresip as user agents
      libxml2-utils) # xmllint: the provisioning files are well-formed XML (tests/api/devices)
# make bench: load generator, the HTTP ceiling, and the driver's tools; for its
# SIP part sipp (Kamailio, with auth_db and db_text for the ceiling, is in run);
# for its PostgreSQL part the server and psql, and sqlite3 to see the outbox
bench=(wrk nginx-light curl bc python3 time sip-tester postgresql sqlite3)

want=("${build[@]}" "${run[@]}")
[ "${1:-}" = "--test" ] && want+=("${test[@]}")
[ "${1:-}" = "--bench" ] && want+=("${bench[@]}")

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' \
    || missing+=("$p")
done
# node and npm may come from elsewhere than Debian (a NodeSource build ships
# npm inside nodejs); accept any working binary.
if command -v node >/dev/null && command -v npm >/dev/null; then
  missing=("${missing[@]/nodejs}"); missing=("${missing[@]/npm}")
fi
read -r -a missing <<<"${missing[*]}"
[ ${#missing[@]} -eq 0 ] && exit 0

echo "installing: ${missing[*]}"
sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"

# Debian starts a freshly installed Kamailio as a service, with its sample
# configuration on port 5060. The SIP tests run their own on free ports and
# a deployment writes its own (switchboard sip-config): stop and disable it.
if [[ " ${missing[*]} " == *" kamailio "* ]] && [ -d /run/systemd/system ]; then
  $sudo systemctl disable --now kamailio.service >/dev/null 2>&1 || true
fi
# rtpengine's service likewise (its ng socket on 2223 is make run's)
if [[ " ${missing[*]} " == *" rtpengine-daemon "* ]] && [ -d /run/systemd/system ]; then
  $sudo systemctl disable --now rtpengine-daemon.service >/dev/null 2>&1 || true
fi
