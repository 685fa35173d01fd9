#!/usr/bin/env bash
# melep on Spark's local-cluster master: a driver plus N executor JVMs on this machine, as on a
# cluster (serialization, per-executor model caches, task retries), without installing Spark.
#   scripts/local-cluster.sh [--executors 2] [--cores 1] [--memory 2048] <melep command...>
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
executors=2; cores=1; memory=2048
while [[ $# -gt 0 ]]; do
  case "$1" in
    --executors) executors="$2"; shift 2 ;;
    --cores) cores="$2"; shift 2 ;;
    --memory) memory="$2"; shift 2 ;;
    *) break ;;
  esac
done
[ -f "$here/jobs/target/melep.jar" ] || (cd "$here" && mvn -q -B package -DskipTests)
opens=$(grep -v '^#' "$here/scripts/java17-opens.txt" | tr '\n' ' ')
export SPARK_HOME="$here/jobs/target/spark-home" SPARK_SCALA_VERSION=2.12
export MELEP_SPARK_CONF="-Dspark.master=local-cluster[$executors,$cores,$memory] -Dspark.jars=$here/jobs/target/melep.jar ${MELEP_SPARK_CONF:-}"
export MELEP_EXECUTOR_JAVA_OPTS="$opens -Dai.djl.offline=true"
exec "$here/scripts/melep" "$@"
