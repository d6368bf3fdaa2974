#!/usr/bin/env bash
# Builds TenantLink and runs it on Payara Micro: embedded database under ./data (TENANTLINK_DATA_DIR), and the Microsoft
# stand-in (target/microsoft-sandbox.war, its own database under ./data/microsoft-sandbox) deployed beside the portal
# with deploy/sandbox.properties, http://localhost:${TENANTLINK_PORT:-8080}/. The first start prints how the operator
# signs in. This is a test bed: production runs the portal alone (deploy/RUNBOOK.md).
set -euo pipefail
cd "$(dirname "$0")/.."

port="${TENANTLINK_PORT:-8080}"
export TENANTLINK_PORT="$port"
export TENANTLINK_DATA_DIR="${TENANTLINK_DATA_DIR:-$PWD/data}"
export SANDBOX_DATA_DIR="${SANDBOX_DATA_DIR:-$TENANTLINK_DATA_DIR/microsoft-sandbox}"

if [ "${SKIP_BUILD:-}" != "1" ]; then
  # clean: classes of moved or deleted sources must not linger in the WARs.
  echo "Building TenantLink (mvn clean package, tests skipped)..."
  mvn -B -q -DskipTests clean package
fi
mkdir -p "$TENANTLINK_DATA_DIR" target/tmp
# The portal is deployed by a post-boot command, with its libraries beside it (deploy/postboot-deploy.sh says why).
deploy/postboot-deploy.sh target/tenantlink.war target/tenantlink-lib > target/run-local.postboot
# Loopback only, unless TENANTLINK_LISTEN_ADDRESS opens it (e.g. 0.0.0.0 for a proxy on another host).
listen="${TENANTLINK_LISTEN_ADDRESS:-127.0.0.1}"
{ cat deploy/preboot.asadmin; echo
  echo "set configs.config.server-config.network-config.network-listeners.network-listener.http-listener.address=$listen"
} > target/run-local.preboot

echo "Starting TenantLink on http://localhost:${port}/ (listening on ${listen}) (data in ${TENANTLINK_DATA_DIR}), Microsoft stand-in on http://127.0.0.1:${port}/sandbox/"
echo "First start: the log prints the operator's one-time password (user 'admin'), unless TENANTLINK_BOOTSTRAP_PASSWORD is set."
# --nocluster: Payara's Hazelcast would otherwise multicast on the main interface.
exec java ${TENANTLINK_JAVA_OPTS:--Xmx512m} -Djava.io.tmpdir="$PWD/target/tmp" -Dtenantlink.port="$port" \
  -jar target/payara-micro.jar \
  --nocluster --disablephonehome --nohostaware --prebootcommandfile target/run-local.preboot \
  --port "$port" --systemproperties deploy/sandbox.properties \
  --postbootcommandfile target/run-local.postboot --deploy target/microsoft-sandbox.war
