#!/usr/bin/env bash
# Builds TenantLink and runs it on Payara Micro: embedded database under ./data (TENANTLINK_DATA_DIR),
# sandbox Microsoft, http://localhost:${TENANTLINK_PORT:-8080}/. The first start prints how the operator signs in.
set -euo pipefail
cd "$(dirname "$0")/.."

port="${TENANTLINK_PORT:-8080}"
export TENANTLINK_PORT="$port"
export TENANTLINK_DATA_DIR="${TENANTLINK_DATA_DIR:-$PWD/data}"
mkdir -p "$TENANTLINK_DATA_DIR" target/tmp

if [ "${SKIP_BUILD:-}" != "1" ]; then
  echo "Building TenantLink (mvn package, tests skipped)..."
  mvn -B -q -DskipTests package
fi

echo "Starting TenantLink on http://localhost:${port}/ (data in ${TENANTLINK_DATA_DIR})"
echo "First start: the log prints the operator's one-time password (user 'admin'), unless TENANTLINK_BOOTSTRAP_PASSWORD is set."
# --nocluster: Payara's Hazelcast would otherwise multicast on the main interface.
exec java ${TENANTLINK_JAVA_OPTS:--Xmx512m} -Djava.io.tmpdir="$PWD/target/tmp" \
  -jar target/payara-micro.jar \
  --nocluster --disablephonehome --nohostaware --prebootcommandfile deploy/preboot.asadmin \
  --port "$port" \
  --deploy target/tenantlink.war --contextroot /
