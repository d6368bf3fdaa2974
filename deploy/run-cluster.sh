#!/usr/bin/env bash
# A TenantLink cluster on one machine, as production runs it on several: MariaDB (started if it is not answering on
# 127.0.0.1:3306), TENANTLINK_INSTANCES (default 2) portal instances on Payara Micro forming ONE data grid (HTTP
# sessions live in it), and HAProxy in front (round robin, health checks on /health/ready, no sticky sessions).
# Everything listens on 127.0.0.1 only: the data grid finds its members over TCP/IP on the loopback ports listed below,
# never by multicast. Ctrl-C (or SIGTERM) stops everything. deploy/RUNBOOK.md, "Scaling out", explains it.
#
# It builds nothing: build first with   mvn -B -DskipTests package
#
# Settings (environment; the portal's own TENANTLINK_* variables pass through to every instance):
#   TENANTLINK_PORT                 the balancer's port (default 8080): http://localhost:$TENANTLINK_PORT/
#   TENANTLINK_INSTANCES            how many portal instances (default 2)
#   TENANTLINK_INSTANCE_PORT        HTTP port of instance 1 (default TENANTLINK_PORT+1); instance i: +i-1
#   TENANTLINK_GRID_PORT            data grid port of instance 1 (default 5901); instance i: +i-1
#   TENANTLINK_CLUSTER_DIR          logs, pid files, generated configuration (default target/cluster)
#   TENANTLINK_CLUSTER_DATABASE     MariaDB database the script creates, with a user of that name (default
#                                   tenantlink_cluster), as MariaDB's root over 127.0.0.1; ignored when TENANTLINK_DB_URL
#                                   is set (then TENANTLINK_DB_USER and TENANTLINK_DB_PASSWORD must be set too)
#   TENANTLINK_CLUSTER_SANDBOX      1 (default): Microsoft is the stand-in (target/microsoft-sandbox.war), run once in a
#                                   process of its own on TENANTLINK_SANDBOX_PORT (default TENANTLINK_PORT+100);
#                                   0: no stand-in, the Microsoft settings come from the environment
#   TENANTLINK_JAVA_OPTS            JVM options of each instance (default -Xmx512m)
#   TENANTLINK_CLUSTER_START_MINUTES  how long the instances may take to become ready (default 5)
set -euo pipefail
cd "$(dirname "$0")/.."

port="${TENANTLINK_PORT:-8080}"
instances="${TENANTLINK_INSTANCES:-2}"
first_port="${TENANTLINK_INSTANCE_PORT:-$((port + 1))}"
grid_port="${TENANTLINK_GRID_PORT:-5901}"
run_dir="${TENANTLINK_CLUSTER_DIR:-$PWD/target/cluster}"
database="${TENANTLINK_CLUSTER_DATABASE:-tenantlink_cluster}"
with_sandbox="${TENANTLINK_CLUSTER_SANDBOX:-1}"
sandbox_port="${TENANTLINK_SANDBOX_PORT:-$((port + 100))}"

for built in target/tenantlink.war target/tenantlink-lib target/payara-micro.jar; do
  if [ ! -e "$built" ]; then
    echo "No $built: build first with   mvn -B -DskipTests package" >&2
    exit 2
  fi
done
command -v haproxy >/dev/null 2>&1 || { echo "No haproxy: apt-get install haproxy" >&2; exit 2; }
mkdir -p "$run_dir/tmp"
umask 077

# ---- MariaDB -------------------------------------------------------------------------------------------------------
mariadb_up() {
  mariadb-admin --protocol=tcp -h 127.0.0.1 -P 3306 -u root ping >/dev/null 2>&1 \
    || mysqladmin --protocol=tcp -h 127.0.0.1 -P 3306 -u root ping >/dev/null 2>&1
}
if [ -z "${TENANTLINK_DB_URL:-}" ]; then
  if ! mariadb_up; then
    echo "Starting MariaDB..."
    mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld 2>/dev/null || true
    start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd -- --user=mysql \
      || service mariadb start || true
    for _ in $(seq 1 60); do mariadb_up && break; sleep 1; done
    mariadb_up || { echo "MariaDB did not come up on 127.0.0.1:3306 (as root without a password)" >&2; exit 1; }
  fi
  # One database and one user for the whole cluster; the password is made up once and kept in the cluster directory.
  [ -s "$run_dir/db-password" ] || head -c 24 /dev/urandom | base64 | tr -d '/+=' > "$run_dir/db-password"
  db_password="$(cat "$run_dir/db-password")"
  mariadb --protocol=tcp -h 127.0.0.1 -P 3306 -u root <<SQL
CREATE DATABASE IF NOT EXISTS \`$database\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS '$database'@'127.0.0.1' IDENTIFIED BY '$db_password';
ALTER USER '$database'@'127.0.0.1' IDENTIFIED BY '$db_password';
GRANT ALL PRIVILEGES ON \`$database\`.* TO '$database'@'127.0.0.1';
SQL
  export TENANTLINK_DB_URL="jdbc:mariadb://127.0.0.1:3306/$database"
  export TENANTLINK_DB_USER="$database"
  export TENANTLINK_DB_PASSWORD="$db_password"
fi

# Every instance must encrypt Microsoft tokens with the same key (in sandbox mode each would otherwise make its own).
if [ -z "${TENANTLINK_TOKEN_KEY:-}" ]; then
  [ -s "$run_dir/token-key" ] || head -c 32 /dev/urandom | base64 > "$run_dir/token-key"
  TENANTLINK_TOKEN_KEY="$(cat "$run_dir/token-key")"
  export TENANTLINK_TOKEN_KEY
fi
export TENANTLINK_PUBLIC_URL="${TENANTLINK_PUBLIC_URL:-http://localhost:$port/}"
export TENANTLINK_DATA_DIR="${TENANTLINK_DATA_DIR:-$run_dir/data}"

# ---- the processes, and stopping them -------------------------------------------------------------------------------
pids=()
stop_all() {
  trap - INT TERM EXIT
  echo "Stopping the cluster..."
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -f "$run_dir"/*.pid
}
trap 'stop_all; exit 130' INT
trap 'stop_all; exit 143' TERM
trap 'stop_all' EXIT

# ---- the Microsoft stand-in (one process, outside the data grid) -----------------------------------------------------
# --nohazelcast, not --nocluster: with --nocluster Payara Micro still opens a data grid port (6900 + n) on every
# interface.
system_properties=()
if [ "$with_sandbox" = "1" ]; then
  [ -e target/microsoft-sandbox.war ] || { echo "No target/microsoft-sandbox.war: mvn -B -DskipTests package" >&2; exit 2; }
  # deploy/sandbox.properties with the stand-in on its own port and the balancer as the portal it sends people back to.
  sed -e "s#^tenantlink.microsoft.routes=.*#tenantlink.microsoft.routes=login.microsoftonline.com=http://127.0.0.1:$sandbox_port/sandbox/login,graph.microsoft.com=http://127.0.0.1:$sandbox_port/sandbox/graph#" \
      -e "s#^sandbox.portal-url=.*#sandbox.portal-url=http://localhost:$port/#" \
      deploy/sandbox.properties > "$run_dir/sandbox.properties"
  system_properties=(--systemproperties "$run_dir/sandbox.properties")
  mkdir -p "$run_dir/sandbox/tmp"
  { cat deploy/preboot.asadmin; echo
    echo "set configs.config.server-config.network-config.network-listeners.network-listener.http-listener.address=127.0.0.1"
  } > "$run_dir/sandbox.preboot"
  java -Xmx256m -Djava.io.tmpdir="$run_dir/sandbox/tmp" -Dsandbox.data-dir="$run_dir/sandbox/data" \
    -jar target/payara-micro.jar --nohazelcast --disablephonehome --nohostaware \
    --prebootcommandfile "$run_dir/sandbox.preboot" --port "$sandbox_port" "${system_properties[@]}" \
    --deploy target/microsoft-sandbox.war --contextroot sandbox > "$run_dir/sandbox.log" 2>&1 &
  pids+=($!)
  echo $! > "$run_dir/sandbox.pid"
fi

# ---- the portal instances: one data grid on loopback --------------------------------------------------------------
members=""
for i in $(seq 1 "$instances"); do
  members="${members:+$members,}127.0.0.1:$((grid_port + i - 1))"
done
deploy/postboot-deploy.sh --cluster target/tenantlink.war target/tenantlink-lib > "$run_dir/portal.postboot"
{ cat deploy/preboot.asadmin; echo
  cat deploy/preboot-cluster.asadmin; echo
  echo "set configs.config.server-config.network-config.network-listeners.network-listener.http-listener.address=127.0.0.1"
} > "$run_dir/portal.preboot"
start_instance() {
  local i="$1" http_port=$((first_port + $1 - 1))
  mkdir -p "$run_dir/instance-$i/tmp"
  # --clustermode tcpip: the members are these loopback ports, nothing else is asked; --interfaces and
  # --hzpublicaddress keep the data grid on 127.0.0.1; --clustername keeps two clusters on one machine apart.
  # shellcheck disable=SC2086
  java ${TENANTLINK_JAVA_OPTS:--Xmx512m} -Djava.io.tmpdir="$run_dir/instance-$i/tmp" -Dtenantlink.port="$http_port" \
    -Dhazelcast.socket.bind.any=false \
    -jar target/payara-micro.jar --disablephonehome --nohostaware \
    --clustermode "tcpip:$members" --interfaces 127.0.0.1 --hzpublicaddress 127.0.0.1 \
    --startport "$((grid_port + i - 1))" --clustername "tenantlink-$port" --name "instance-$i" \
    --port "$http_port" --prebootcommandfile "$run_dir/portal.preboot" \
    --postbootcommandfile "$run_dir/portal.postboot" "${system_properties[@]}" >> "$run_dir/instance-$i.log" 2>&1 &
  pids+=($!)
  echo $! > "$run_dir/instance-$i.pid"
}
for i in $(seq 1 "$instances"); do
  : > "$run_dir/instance-$i.log"
  start_instance "$i"
  echo "Instance $i: http://127.0.0.1:$((first_port + i - 1))/, data grid 127.0.0.1:$((grid_port + i - 1)), log $run_dir/instance-$i.log"
done

# ---- HAProxy -------------------------------------------------------------------------------------------------------
{ cat <<CFG
global
    log stdout format raw local0
    stats socket $run_dir/haproxy.sock mode 600 level admin

defaults
    mode http
    log global
    option httplog
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    # A health check may take this long: an instance busy with a burst of requests (the other one just died) is slow,
    # not dead. A dead one refuses the connection at once and is out after two checks, in one to two seconds.
    timeout check 5s
    # A request whose connection to an instance fails (it has died) goes to another one.
    retries 2
    option redispatch 1

frontend portal
    bind 127.0.0.1:$port
    default_backend instances

backend instances
    # Round robin, no stickiness: any instance serves any request (sessions are in the data grid).
    balance roundrobin
    option httpchk
    http-check send meth GET uri /health/ready ver HTTP/1.1 hdr Host 127.0.0.1
    http-check expect status 200
    default-server inter 1s fastinter 500ms downinter 1s fall 2 rise 2
    # Test bed only: which instance answered (the cluster test stops that one); production configurations leave it out.
    http-response set-header X-TenantLink-Instance %s
CFG
  for i in $(seq 1 "$instances"); do
    echo "    server instance-$i 127.0.0.1:$((first_port + i - 1)) check"
  done
} > "$run_dir/haproxy.cfg"
haproxy -f "$run_dir/haproxy.cfg" -db > "$run_dir/haproxy.log" 2>&1 &
pids+=($!)
echo $! > "$run_dir/haproxy.pid"

# ---- ready --------------------------------------------------------------------------------------------------------
ready() { curl -fsS -o /dev/null --max-time 5 "http://127.0.0.1:$1/health/ready" 2>/dev/null; }
deadline=$((SECONDS + 60 * ${TENANTLINK_CLUSTER_START_MINUTES:-5}))
retried=""
for i in $(seq 1 "$instances"); do
  until ready "$((first_port + i - 1))"; do
    # Payara Micro 6.2025.10 now and then fails the deployment of an instance that starts while the other one joins the
    # data grid ("JNDI lookup failed for the resource ... java:app/jdbc/tenantlink"), and then stays up with nothing
    # deployed. Such an instance is started once more, as an orchestrator would after its readiness check failed.
    if grep -q "Boot Command deploy failed" "$run_dir/instance-$i.log" && [[ " $retried " != *" $i "* ]]; then
      echo "Instance $i: its deployment failed (see its log); starting it once more" >&2
      kill "$(cat "$run_dir/instance-$i.pid")" 2>/dev/null || true
      wait "$(cat "$run_dir/instance-$i.pid")" 2>/dev/null || true
      echo "---- started again after a failed deployment ----" >> "$run_dir/instance-$i.log"
      retried="$retried $i"
      start_instance "$i"
      continue
    fi
    if ! kill -0 "$(cat "$run_dir/instance-$i.pid")" 2>/dev/null \
        || grep -q "Exception while loading the app" "$run_dir/instance-$i.log" || [ "$SECONDS" -gt "$deadline" ]; then
      echo "Instance $i did not start; its log: $run_dir/instance-$i.log" >&2
      grep -m 3 -E "TenantLink will not start|Exception while loading the app|Caused by" "$run_dir/instance-$i.log" >&2 || true
      exit 1
    fi
    sleep 1
  done
done
echo "TenantLink cluster ready at http://localhost:$port/ ($instances instances behind HAProxy; Ctrl-C stops it)"
echo "The first start prints the operator's one-time password in $run_dir/instance-*.log, unless TENANTLINK_BOOTSTRAP_PASSWORD is set."
wait
