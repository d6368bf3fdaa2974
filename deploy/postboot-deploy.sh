#!/bin/sh
# Prints Payara Micro post-boot commands that deploy the portal: the commands of POSTBOOT_FILE (if given), then
# tenantlink.war at context root / with the jars of LIB_DIR as its application libraries.
#
# Why not `--deploy tenantlink.war`: Payara parses every class of every jar inside a WAR at deployment, whatever
# glassfish-web.xml excludes from CDI scanning; for the Graph SDK's 40,000 classes that was 12 s of CPU and 340 MiB of
# heap (docs/benchmarks.md). Application libraries deployed with skipScanExternalLib=true are loaded, not parsed.
#
# --cluster: the instance is one of a cluster (deploy/run-cluster.sh): deployed with availability enabled, so that its
# HTTP sessions live in the data grid (Payara Micro's own --deploy does that by itself; the deploy command does not).
#
# Usage: deploy/postboot-deploy.sh [--cluster] WAR LIB_DIR [POSTBOOT_FILE] > portal.postboot
#        java ... -jar payara-micro.jar ... --postbootcommandfile portal.postboot
set -eu
availability=""
if [ "${1:-}" = "--cluster" ]; then availability=" --availabilityenabled=true"; shift; fi
war="$1"; lib_dir="$2"; extra="${3:-}"
case "$war" in /*) ;; *) war="$PWD/$war" ;; esac
case "$lib_dir" in /*) ;; *) lib_dir="$PWD/$lib_dir" ;; esac
[ -f "$war" ] || { echo "postboot-deploy.sh: no WAR at $war" >&2; exit 1; }
libraries=""
for jar in "$lib_dir"/*.jar; do
  [ -f "$jar" ] || { echo "postboot-deploy.sh: no libraries in $lib_dir" >&2; exit 1; }
  libraries="${libraries:+$libraries,}$jar"
done
if [ -n "$extra" ]; then cat "$extra"; echo; fi
echo "deploy --name tenantlink --contextroot /$availability --properties skipScanExternalLib=true --libraries $libraries $war"
