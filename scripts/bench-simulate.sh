#!/usr/bin/env bash
# Benchmark of `melep simulate` (org.melep.bench.SimulateBenchmark): records/s and bytes/record.
# Usage: scripts/bench-simulate.sh [records=200000] [out=target/bench-simulate] [partitions=0]
# Builds the test classes if needed; Spark settings from conf/spark-local.conf (override any with
# MELEP_SPARK_CONF="-Dspark.x=y ...").
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
mvn -o -q -B -pl jobs test-compile >&2
opens=()
while read -r line; do
  [[ -z "$line" || "$line" == \#* ]] || opens+=("$line")
done < scripts/java17-opens.txt
props=()
while read -r key value; do
  [[ -z "$key" || "$key" == \#* ]] || props+=("-D$key=$value")
done < conf/spark-local.conf
# shellcheck disable=SC2086
exec java ${MELEP_JAVA_OPTS:--Xmx4g} "${opens[@]}" "${props[@]}" ${MELEP_SPARK_CONF:-} \
  -Dlog4j.configurationFile="$here/conf/log4j2.properties" \
  -cp "jobs/target/test-classes:jobs/target/classes:jobs/target/spark-home/jars/*" \
  org.melep.bench.SimulateBenchmark "$@"
