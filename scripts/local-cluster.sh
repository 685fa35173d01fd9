#!/usr/bin/env bash
# melep through spark-submit on a Spark standalone cluster on this machine: a Master and N Workers
# on 127.0.0.1 started from the project's Maven artifacts (Spark's own jars, module spark-home; no
# Spark download), each command submitted with org.apache.spark.deploy.SparkSubmit and the
# application jar alone, as on a real cluster (executor JVMs, serialization, per-executor caches).
#
#   scripts/local-cluster.sh [--workers 2] [--cores 1] [--memory 2048] \
#       [spark-submit options... --] <melep command...> [--then <melep command...>]...
#
# --workers N   Workers (each runs one executor)          --cores C    cores per Worker/executor
# --memory MB   memory per Worker and per executor        --then       next command, same cluster
# Commands run in order and stop at the first failure (its exit code is the script's). Everything
# lives in one work folder (MELEP_LOCAL_CLUSTER_DIR, default target/local-cluster/run-<pid>),
# removed with every process of the cluster on exit, failure or Ctrl-C.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
usage() { sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }
workers=2; cores=1; memory=2048
while [[ $# -gt 0 ]]; do
  case "$1" in
    --workers|--executors) workers="${2:?}"; shift 2 ;;
    --cores) cores="${2:?}"; shift 2 ;;
    --memory) memory="${2:?}"; shift 2 ;;
    -h|--help) usage ;;
    *) break ;;
  esac
done
[[ $# -gt 0 ]] || usage
for n in "$workers" "$cores" "$memory"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "local-cluster.sh: not a positive number: $n" >&2; exit 2; }
done
# spark-submit options before `--`, if any
submit_opts=()
args=("$@")
for i in "${!args[@]}"; do
  if [ "${args[$i]}" = "--" ]; then
    submit_opts=("${args[@]:0:$i}")
    args=("${args[@]:$((i + 1))}")
    break
  fi
done
# a spark.executor.extraJavaOptions of the user's is added to the options melep needs
user_executor_opts=""
given=("${submit_opts[@]}"); submit_opts=()
for ((i = 0; i < ${#given[@]}; i++)); do
  if [ "${given[$i]}" = "--conf" ] && [[ "${given[$((i + 1))]:-}" == spark.executor.extraJavaOptions=* ]]; then
    user_executor_opts="$user_executor_opts ${given[$((i + 1))]#*=}"; i=$((i + 1))
  else
    submit_opts+=("${given[$i]}")
  fi
done
# the commands, split at --then
commands=(); current=()
for a in "${args[@]}"; do
  if [ "$a" = "--then" ]; then commands+=("$(printf '%q ' "${current[@]}")"); current=()
  else current+=("$a"); fi
done
[ ${#current[@]} -gt 0 ] && commands+=("$(printf '%q ' "${current[@]}")")
[ ${#commands[@]} -gt 0 ] || usage

jar="$here/jobs/target/melep.jar"
spark_home="$here/spark-home/target"
if [ ! -f "$jar" ] || [ ! -d "$spark_home/jars" ]; then
  echo "local-cluster.sh: building the application jar (first run)..." >&2
  (cd "$here" && mvn -q -B package -DskipTests) >&2
fi
opens=()
while read -r line; do
  [[ -z "$line" || "$line" == \#* ]] || opens+=("$line")
done < "$here/scripts/java17-opens.txt"
cp="$spark_home/jars/*"

work="${MELEP_LOCAL_CLUSTER_DIR:-$here/target/local-cluster/run-$$}"
mkdir -p "$work"
work="$(cd "$work" && pwd)"
pids=()
stop_cluster() {
  local status=$? pid all=() queue=()
  trap - EXIT INT TERM
  # the Workers' executors first (children of the Workers), then Workers and Master
  queue=("${pids[@]}")
  while [ ${#queue[@]} -gt 0 ]; do
    pid="${queue[0]}"; queue=("${queue[@]:1}")
    all+=("$pid")
    for child in $(pgrep -P "$pid" 2>/dev/null || true); do queue+=("$child"); done
  done
  [ ${#all[@]} -eq 0 ] || kill "${all[@]}" 2>/dev/null || true
  for _ in $(seq 1 50); do
    local alive=0
    for pid in "${all[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ $alive = 0 ] && break
    sleep 0.2
  done
  [ ${#all[@]} -eq 0 ] || kill -9 "${all[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
  # where the tasks ran: the executors' logs in each Worker's work folder
  local w n line=""
  for w in "${SPARK_WORKER_DIR:-$work/workers}"/worker-*; do
    [ -d "$w" ] || continue
    n=$(cat "$w"/app-*/*/stderr 2>/dev/null | grep -c 'Running task' || true)
    line="$line $(basename "$w"): $n"
  done
  [ -z "$line" ] || echo "local-cluster.sh: tasks run per worker:$line" >&2
  if [ -z "${MELEP_LOCAL_CLUSTER_KEEP:-}" ]; then rm -rf "$work"; fi
  exit "$status"
}
trap stop_cluster EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

export SPARK_HOME="$spark_home" SPARK_SCALA_VERSION=2.12 SPARK_LOCAL_IP=127.0.0.1
export SPARK_LOCAL_DIRS="$work/local" SPARK_WORKER_DIR="$work/workers"
export SPARK_LOG_DIR="$work/logs" SPARK_CONF_DIR="$work/conf"
mkdir -p "$SPARK_LOCAL_DIRS" "$SPARK_WORKER_DIR" "$SPARK_LOG_DIR" "$SPARK_CONF_DIR"
# executors (SPARK_CONF_DIR is on their classpath): warnings, and one line per task they run
# (conf/log4j2.properties turns the Executor logger off under the key taskerror: the same key
# again overrides it)
{ cat "$here/conf/log4j2.properties"
  printf 'logger.taskerror.name = org.apache.spark.executor.Executor\nlogger.taskerror.level = info\n'
} >"$SPARK_CONF_DIR/log4j2.properties"
# -Dmelep.local.cluster names this run's daemons (tests check that none is left behind)
daemon_opts=(-Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC "${opens[@]}" -Dlog4j.configurationFile="$here/scripts/local-cluster-log4j2.properties"
  -Dmelep.local.cluster="$work")

java "${daemon_opts[@]}" -Dlog4j.configurationFile="$here/conf/log4j2-cluster-daemon.properties" \
  -cp "$cp" org.apache.spark.deploy.master.Master \
  --host 127.0.0.1 --port 0 --webui-port 0 >"$SPARK_LOG_DIR/master.log" 2>&1 &
pids+=($!)
master=""
for _ in $(seq 1 300); do
  master="$(grep -o 'spark://127\.0\.0\.1:[0-9]*' "$SPARK_LOG_DIR/master.log" | head -1 || true)"
  [ -n "$master" ] && break
  kill -0 "${pids[0]}" 2>/dev/null || { cat "$SPARK_LOG_DIR/master.log" >&2; exit 1; }
  sleep 0.2
done
[ -n "$master" ] || { echo "local-cluster.sh: the Master did not start" >&2; exit 1; }
for w in $(seq 1 "$workers"); do
  java "${daemon_opts[@]}" -cp "$cp" org.apache.spark.deploy.worker.Worker \
    --host 127.0.0.1 --port 0 --webui-port 0 --cores "$cores" --memory "${memory}M" \
    --work-dir "$SPARK_WORKER_DIR/worker-$w" "$master" >"$SPARK_LOG_DIR/worker-$w.log" 2>&1 &
  pids+=($!)
done
for _ in $(seq 1 300); do
  registered=$(grep -c 'Registering worker' "$SPARK_LOG_DIR/master.log" || true)
  [ "$registered" -ge "$workers" ] && break
  sleep 0.2
done
if [ "$registered" -lt "$workers" ]; then
  echo "local-cluster.sh: $registered of $workers Workers registered with $master" >&2
  exit 1
fi
echo "local-cluster.sh: $master with $workers Workers x $cores cores x ${memory} MB (work: $work)" >&2

for c in "${commands[@]}"; do
  eval "command_args=($c)"
  name="melep"
  for a in "${command_args[@]}"; do [[ "$a" == -* ]] || { name="melep $a"; break; }; done
  # shellcheck disable=SC2154
  java ${MELEP_JAVA_OPTS:--Xmx1g} "${opens[@]}" -Dai.djl.offline=true \
    -Dmelep.config="${MELEP_CONFIG:-$here/conf/melep.yaml}" \
    -Dlog4j.configurationFile="$here/conf/log4j2.properties" \
    -cp "$cp" org.apache.spark.deploy.SparkSubmit \
    --master "$master" --deploy-mode client \
    --class org.melep.cli.MelepCommand \
    --name "$name" \
    --executor-memory "${memory}m" --executor-cores "$cores" \
    --total-executor-cores $((workers * cores)) \
    --conf spark.driver.host=127.0.0.1 \
    --conf spark.ui.enabled=false \
    --conf spark.files.useFetchCache=false \
    --conf spark.sql.shuffle.partitions=$((workers * cores * 4)) \
    --conf spark.sql.adaptive.enabled=true \
    --conf spark.serializer=org.apache.spark.serializer.KryoSerializer \
    --conf "spark.executor.extraJavaOptions=${opens[*]} -Dai.djl.offline=true$user_executor_opts" \
    "${submit_opts[@]}" \
    "$jar" "${command_args[@]}" &
  # in the background so that a signal reaches the trap at once (bash defers traps while a
  # foreground command runs); the trap stops the driver with the cluster
  driver=$!
  pids=("$driver" "${pids[@]}")
  status=0
  wait "$driver" || status=$?
  pids=("${pids[@]:1}")
  [ "$status" = 0 ] || exit "$status"
done
