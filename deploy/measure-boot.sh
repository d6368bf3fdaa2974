#!/usr/bin/env bash
# Prints the portal's boot time (process start to a ready /health/ready) and its memory after boot,
# on a fresh embedded database. Needs a built target/ (mvn -B -DskipTests package).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/tenantlink.war ] && [ -f target/payara-micro.jar ] || mvn -B -q -DskipTests package

port="${TENANTLINK_PORT:-18080}"
data="$(mktemp -d)"
mkdir -p target/tmp
start=$(date +%s%N)
java ${TENANTLINK_JAVA_OPTS:--Xmx512m} -Djava.io.tmpdir="$PWD/target/tmp" \
  -Dtenantlink.data-dir="$data" -Dtenantlink.bootstrap.password=Measure-Boot-Passw0rd \
  -jar target/payara-micro.jar --nocluster --disablephonehome --nohostaware --prebootcommandfile deploy/preboot.asadmin \
  --port "$port" --deploy target/tenantlink.war --contextroot / > target/measure-boot.log 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$data"' EXIT

ready=
for _ in $(seq 1 600); do
  if curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1; then ready=1; break; fi
  kill -0 $pid 2>/dev/null || break
  sleep 0.1
done
[ -n "$ready" ] || { echo "portal did not become ready; see target/measure-boot.log" >&2; exit 1; }
end=$(date +%s%N)

# One page render, so the measured memory includes the template engine and a session.
curl -fs -o /dev/null "http://127.0.0.1:$port/login"
sleep 2
rss_kb=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
heap=$(jcmd $pid GC.heap_info 2>/dev/null | awk '/garbage-first heap|def new generation|PSYoungGen/ {print; exit}')
jcmd $pid GC.run >/dev/null 2>&1 || true
sleep 1
heap_after_gc=$(jcmd $pid GC.heap_info 2>/dev/null | awk '/garbage-first heap/ {for (i=1;i<=NF;i++) if ($i=="used") print $(i+1); exit}')

awk -v ns="$((end - start))" 'BEGIN { printf "boot to ready /health/ready: %.1f s\n", ns / 1e9 }'
printf 'resident memory after boot: %d MiB\n' $((rss_kb / 1024))
echo "heap after boot: ${heap:-n/a}"
echo "heap used after a full GC: ${heap_after_gc:-n/a}"
