#!/usr/bin/env bash
# Prints, in one run on this machine, the production portal's boot to ready beside an empty WAR's on the same Payara
# Micro (median of RUNS boots each, alternating), and the portal's resident memory after boot. The portal boots as in
# production (Entra mode, embedded database; nothing talks to Microsoft at boot), alone: no stand-in.
# Also printed: the CPU time each JVM had used when it was ready (user + system, all its threads, from /proc). On a
# machine shared with other work the wall times follow the load; the CPU times much less.
# Usage: deploy/measure-boot.sh [RUNS]   (default 3; needs a built target/, else it runs mvn package first)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"
[ -f target/tenantlink.war ] && [ -d target/tenantlink-lib ] && [ -f target/payara-micro.jar ] || mvn -B -q -DskipTests package

port="${MEASURE_PORT:-18081}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p target/tmp "$work/empty/WEB-INF"
# The empty WAR: one static page, nothing to scan.
printf '<web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0"/>\n' > "$work/empty/WEB-INF/web.xml"
echo ok > "$work/empty/index.html"
(cd "$work/empty" && jar cf "$work/empty.war" .)
# The portal as production deploys it: the WAR with its libraries beside it (deploy/postboot-deploy.sh).
deploy/postboot-deploy.sh target/tenantlink.war target/tenantlink-lib > "$work/portal.postboot"

# boot DEPLOYMENT READY_PATH EXTRA_JAVA_OPTS... -> prints "seconds rss_mib cpu_seconds"; DEPLOYMENT: Payara Micro's deploy
# options
boot() {
  local deployment="$1" path="$2"; shift 2
  local data; data="$(mktemp -d -p "$work")"
  local start end pid ready=
  start=$(date +%s%N)
  java -Xmx512m -Djava.io.tmpdir="$PWD/target/tmp" "$@" -Dtenantlink.data-dir="$data" \
    -jar target/payara-micro.jar --nocluster --disablephonehome --nohostaware --prebootcommandfile deploy/preboot.asadmin \
    --port "$port" $deployment > "$work/boot.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 3000); do
    if curl -fs -o /dev/null "http://127.0.0.1:$port$path"; then ready=1; break; fi
    kill -0 $pid 2>/dev/null || break
    sleep 0.05
  done
  end=$(date +%s%N)
  # utime + stime of the JVM (all threads) in clock ticks, when it first answered
  local ticks; ticks=$(awk '{print $14 + $15}' /proc/$pid/stat 2>/dev/null || echo 0)
  if [ -z "$ready" ]; then
    kill $pid 2>/dev/null; wait $pid 2>/dev/null || true
    cp "$work/boot.log" target/measure-boot.log
    echo "not ready: see target/measure-boot.log" >&2; exit 1
  fi
  curl -fs -o /dev/null "http://127.0.0.1:$port/login" || true
  sleep 2
  local rss_kb; rss_kb=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
  kill $pid; wait $pid 2>/dev/null || true
  awk -v ns="$((end - start))" -v kb="$rss_kb" -v ticks="$ticks" -v hz="$(getconf CLK_TCK)" \
    'BEGIN { printf "%.2f %d %.2f\n", ns / 1e9, kb / 1024, ticks / hz }'
}

portal_opts=(-Dtenantlink.microsoft=entra -Dtenantlink.microsoft.client-id=11111111-2222-3333-4444-555555555555
  -Dtenantlink.microsoft.client-secret=measure-boot-not-a-secret -Dtenantlink.token-key="$(head -c 32 /dev/urandom | base64)"
  -Dtenantlink.public-url=https://tenantlink.example/ -Dtenantlink.bootstrap.password=Measure-Boot-Passw0rd)

portal_times=(); empty_times=(); portal_rss=(); portal_cpu=(); empty_cpu=()
for i in $(seq 1 "$runs"); do
  read -r t m c < <(boot "--deploy $work/empty.war" /empty/index.html); empty_times+=("$t"); empty_cpu+=("$c")
  read -r t m c < <(boot "--postbootcommandfile $work/portal.postboot" /health/ready "${portal_opts[@]}")
  portal_times+=("$t"); portal_rss+=("$m"); portal_cpu+=("$c")
  echo "run $i: empty WAR ${empty_times[-1]} s (CPU ${empty_cpu[-1]} s), portal ${portal_times[-1]} s (CPU ${portal_cpu[-1]} s)," \
    "portal resident ${portal_rss[-1]} MiB, load average $(cut -d' ' -f1 /proc/loadavg)"
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
pe=$(median "${empty_times[@]}"); pp=$(median "${portal_times[@]}"); pm=$(median "${portal_rss[@]}")
echo "median boot to ready: portal ${pp} s, empty WAR ${pe} s, ratio $(awk -v a="$pp" -v b="$pe" 'BEGIN { printf "%.2f", a / b }')x (target <= 1.5x)"
ce=$(median "${empty_cpu[@]}"); cpu_p=$(median "${portal_cpu[@]}")
echo "median CPU time to ready: portal ${cpu_p} s, empty WAR ${ce} s, ratio $(awk -v a="$cpu_p" -v b="$ce" 'BEGIN { printf "%.2f", a / b }')x"
echo "median resident memory of the portal after boot: ${pm} MiB (target <= 600 MiB)"
