#!/usr/bin/env bash
# melep on Kubernetes with spark-submit. The image must hold Spark 3.5 (Scala 2.12) and the
# application jar at MELEP_JAR_IN_IMAGE (default local:///opt/melep/melep.jar). Usage:
#   K8S_MASTER=k8s://https://api.example:6443 MELEP_IMAGE=registry/melep:0.1 \
#   scripts/submit-k8s.sh score --corpus s3a://ecg/corpus --folds s3a://ecg/folds \
#       --zoo s3a://ecg/zoo/zoo.yaml --out s3a://ecg/melep/nightly
# GPU executors: add to SPARK_SUBMIT_OPTS_MELEP
#   --conf spark.executor.resource.gpu.amount=1 --conf spark.task.resource.gpu.amount=1
#   --conf spark.executor.resource.gpu.vendor=nvidia.com
#   --conf spark.executor.resource.gpu.discoveryScript=/opt/spark/examples/src/main/scripts/getGpusResources.sh
# and build the jar with `mvn -Pgpu package` (ONNX Runtime with CUDA). See docs/cluster.md.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
opens=$(grep -v '^#' "$here/scripts/java17-opens.txt" | tr '\n' ' ')
# shellcheck disable=SC2086
exec "${SPARK_HOME:?set SPARK_HOME to a Spark 3.5 installation}/bin/spark-submit" \
  --master "${K8S_MASTER:?set K8S_MASTER, e.g. k8s://https://host:6443}" --deploy-mode cluster \
  --name "melep-$1" \
  --class org.melep.cli.MelepCommand \
  --conf "spark.kubernetes.container.image=${MELEP_IMAGE:?set MELEP_IMAGE}" \
  --conf "spark.kubernetes.namespace=${K8S_NAMESPACE:-default}" \
  --conf "spark.driver.extraJavaOptions=$opens -Dai.djl.offline=true" \
  --conf "spark.executor.extraJavaOptions=$opens -Dai.djl.offline=true" \
  ${SPARK_SUBMIT_OPTS_MELEP:-} \
  "${MELEP_JAR_IN_IMAGE:-local:///opt/melep/melep.jar}" "$@"
