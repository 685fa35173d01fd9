#!/usr/bin/env bash
# melep on YARN with spark-submit (Spark 3.5, Scala 2.12). Usage:
#   scripts/submit-yarn.sh score --corpus hdfs:///ecg/corpus --folds hdfs:///ecg/folds \
#       --zoo hdfs:///ecg/zoo/zoo.yaml --out hdfs:///ecg/melep/nightly
# Spark settings (queue, executors, memory, GPUs) are yours: set them in SPARK_SUBMIT_OPTS_MELEP
# or spark-defaults.conf; the job never hard-codes them. See docs/cluster.md.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="${MELEP_JAR:-$here/jobs/target/melep.jar}"
opens=$(grep -v '^#' "$here/scripts/java17-opens.txt" | tr '\n' ' ')
# shellcheck disable=SC2086
exec "${SPARK_HOME:?set SPARK_HOME to a Spark 3.5 installation}/bin/spark-submit" \
  --master yarn --deploy-mode "${MELEP_DEPLOY_MODE:-cluster}" \
  --name "melep $1" \
  --class org.melep.cli.MelepCommand \
  --conf "spark.driver.extraJavaOptions=$opens -Dai.djl.offline=true" \
  --conf "spark.executor.extraJavaOptions=$opens -Dai.djl.offline=true" \
  ${SPARK_SUBMIT_OPTS_MELEP:-} \
  "$jar" "$@"
