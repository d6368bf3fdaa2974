#!/bin/sh
# Starts the portal in the image (docker/Dockerfile). PAYARA_CLUSTER_OPTIONS is --nocluster (the default: one instance,
# no data grid) or the data grid options of an instance in a cluster (docker/compose.yaml); then HTTP sessions live in
# the data grid and deploy/preboot-cluster.asadmin applies (deploy/RUNBOOK.md, "Scaling out").
set -eu
cd /opt/tenantlink
cluster="${PAYARA_CLUSTER_OPTIONS:---nocluster}"
if [ "$cluster" = "--nocluster" ]; then
  cp preboot.asadmin /tmp/tenantlink/portal.preboot
  sh postboot-deploy.sh tenantlink.war lib postboot.asadmin > /tmp/tenantlink/portal.postboot
else
  { cat preboot.asadmin; echo; cat preboot-cluster.asadmin; } > /tmp/tenantlink/portal.preboot
  sh postboot-deploy.sh --cluster tenantlink.war lib postboot.asadmin > /tmp/tenantlink/portal.postboot
fi
# shellcheck disable=SC2086
exec java $JAVA_OPTS -Djava.io.tmpdir=/tmp/tenantlink -jar payara-micro.jar $cluster --disablephonehome --nohostaware \
  --port "$TENANTLINK_PORT" --prebootcommandfile /tmp/tenantlink/portal.preboot \
  --postbootcommandfile /tmp/tenantlink/portal.postboot
