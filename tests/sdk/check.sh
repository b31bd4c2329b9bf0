#!/usr/bin/env bash
# The official Python SDKs, unchanged, against the ionosh emulator: ionoscloud 6.1.13 on the
# v6 paths, the classic ionosenterprise 5.4.0 on the v5 paths and NetFoundry's netfoundry 5.11.3
# on the NetFoundry API at the listener's root, and the IONOS product SDKs (ionoscloud-dns 2.0.0,
# ionoscloud-dbaas-postgres 3.0.1, ionoscloud-cert-manager 3.0.0) at their prefixes on the same
# listener (certificates are made with openssl). Needs python3 and PyPI; the SDKs are installed
# into target/sdk-venv once. Prints one line per step and a closing total.
set -euo pipefail
cd "$(dirname "$0")/../.."

venv=target/sdk-venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet --disable-pip-version-check ionoscloud==6.1.13 ionosenterprise==5.4.0 netfoundry==5.11.3 \
  ionoscloud-dns==2.0.0 ionoscloud-dbaas-postgres==3.0.1 ionoscloud-cert-manager==3.0.0

cargo build --locked --quiet
out=$(mktemp)
target/debug/ionosh sim --listen 127.0.0.1:0 --ephemeral --delay-ms 20 >"$out" 2>/dev/null &
sim=$!
trap 'kill $sim 2>/dev/null; rm -f "$out"' EXIT
for _ in $(seq 100); do
  [ -s "$out" ] && break
  sleep 0.1
done
url=$(head -n 1 "$out")
case "$url" in
  http://127.0.0.1:*/cloudapi/v6) ;;
  *) echo "the emulator did not print its URL" >&2; exit 1 ;;
esac

passed=0
failed=0
root=${url%/cloudapi/v6}
for check in "ionoscloud_check.py $url" "ionosenterprise_check.py ${url%/v6}/v5" "netfoundry_check.py $root" \
  "dns_check.py $root/dns" "postgres_check.py $root/databases/postgresql $url" "certmanager_check.py $root/certificate-manager"; do
  set -- $check
  if "$venv/bin/python" "tests/sdk/$1" "${@:2}"; then
    passed=$((passed + 1))
  else
    echo "FAILED: $1" >&2
    failed=$((failed + 1))
  fi
done
echo "sdk: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
