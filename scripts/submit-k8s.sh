#!/usr/bin/env bash
# melep on Kubernetes with spark-submit (cluster mode). The image holds Spark 3.5 (Scala 2.12)
# and the application jar at MELEP_JAR_IN_IMAGE (default local:///opt/melep/melep.jar):
#   K8S_MASTER=k8s://https://api.example:6443 MELEP_IMAGE=registry/melep:0.1 \
#   scripts/submit-k8s.sh [spark-submit options...] -- score --corpus s3a://ecg/corpus \
#       --folds s3a://ecg/folds --zoo s3a://ecg/zoo/zoo.yaml --out s3a://ecg/melep/nightly
# GPU executors: give before `--`
#   --conf spark.executor.resource.gpu.amount=1 --conf spark.task.resource.gpu.amount=1
#   --conf spark.executor.resource.gpu.vendor=nvidia.com
#   --conf spark.executor.resource.gpu.discoveryScript=/opt/spark/examples/src/main/scripts/getGpusResources.sh
# and build the jar with `mvn -Pgpu package` (ONNX Runtime with CUDA). A config file
# (MELEP_CONFIG or --config) is shipped with --files, which needs spark.kubernetes.file.upload.path.
# No arguments or --help: usage, exit 2. See docs/cluster.md.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
melep_script="scripts/submit-k8s.sh"
melep_where="Runs on Kubernetes (K8S_MASTER, MELEP_IMAGE, K8S_NAMESPACE; cluster mode); needs SPARK_HOME (Spark 3.5)."
melep_deploy_mode=cluster
# shellcheck source=scripts/submit-common.sh
source "$here/scripts/submit-common.sh"
melep_parse "$@"
melep_files_opts
exec "${SPARK_HOME:?set SPARK_HOME to a Spark 3.5 installation}/bin/spark-submit" \
  --master "${K8S_MASTER:?set K8S_MASTER, e.g. k8s://https://host:6443}" --deploy-mode cluster \
  --name "$melep_command" \
  --class org.melep.cli.MelepCommand \
  --conf "spark.kubernetes.container.image=${MELEP_IMAGE:?set MELEP_IMAGE}" \
  --conf "spark.kubernetes.namespace=${K8S_NAMESPACE:-default}" \
  "${submit_opts[@]}" \
  --conf "spark.driver.extraJavaOptions=$melep_driver_opts" \
  --conf "spark.executor.extraJavaOptions=$melep_executor_opts" \
  "${MELEP_JAR_IN_IMAGE:-local:///opt/melep/melep.jar}" "${melep_args[@]}"
