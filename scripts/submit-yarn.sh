#!/usr/bin/env bash
# melep on YARN with spark-submit (Spark 3.5, Scala 2.12):
#   scripts/submit-yarn.sh [spark-submit options...] -- score --corpus hdfs:///ecg/corpus \
#       --folds hdfs:///ecg/folds --zoo hdfs:///ecg/zoo/zoo.yaml --out hdfs:///ecg/melep/nightly
# Spark settings (queue, executors, memory, GPUs) are yours: give them before `--` or in
# spark-defaults.conf; the job never hard-codes them. MELEP_DEPLOY_MODE=client runs the driver
# here (default cluster). No arguments or --help: usage, exit 2. See docs/cluster.md.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
melep_script="scripts/submit-yarn.sh"
melep_deploy_mode="${MELEP_DEPLOY_MODE:-cluster}"
melep_where="Runs on YARN (--master yarn, deploy mode $melep_deploy_mode: MELEP_DEPLOY_MODE); needs SPARK_HOME
(Spark 3.5) and the jar (MELEP_JAR, default jobs/target/melep.jar)."
# shellcheck source=scripts/submit-common.sh
source "$here/scripts/submit-common.sh"
melep_parse "$@"
melep_files_opts
jar="${MELEP_JAR:-$here/jobs/target/melep.jar}"
exec "${SPARK_HOME:?set SPARK_HOME to a Spark 3.5 installation}/bin/spark-submit" \
  --master yarn --deploy-mode "$melep_deploy_mode" \
  --name "$melep_command" \
  --class org.melep.cli.MelepCommand \
  "${submit_opts[@]}" \
  --conf "spark.driver.extraJavaOptions=$melep_driver_opts" \
  --conf "spark.executor.extraJavaOptions=$melep_executor_opts" \
  "$jar" "${melep_args[@]}"
