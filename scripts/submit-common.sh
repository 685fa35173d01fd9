# shellcheck shell=bash
# Shared by submit-yarn.sh and submit-k8s.sh (sourced, not run). Splits the command line into
# spark-submit options (before `--`) and the melep command (after it, or all of it without `--`),
# merges the JVM options melep needs into the user's extraJavaOptions (command line, else
# --properties-file, else spark-defaults.conf) and ships a config file (MELEP_CONFIG, or the
# root option `--config FILE`) with --files.

melep_usage() {
  cat >&2 <<USAGE
usage: $melep_script [spark-submit options...] -- <melep command> [options...]
       $melep_script <melep command> [options...]
  e.g. $melep_script --num-executors 8 --executor-memory 8g --conf spark.executor.cores=4 -- \\
         score --corpus C --folds F --zoo Z --out O
$melep_where
Spark-submit options are passed as given (each argument stays one argument). The JVM options
melep needs (scripts/java17-opens.txt, -Dai.djl.offline=true) are added to your
spark.driver/executor.extraJavaOptions, not put in their place. A config file
(MELEP_CONFIG=FILE or \`--config FILE\` before the command) is shipped with --files.
For a command's own options run it locally: scripts/melep <command> --help
USAGE
}

# the value of KEY in a Spark properties file ("key value" or "key=value"), empty if none
melep_property() {
  local file="$1" key="$2"
  [ -f "$file" ] || return 0
  awk -v k="$key" '
    { line = $0; sub(/^[ \t]+/, "", line) }
    line ~ /^#/ || line == "" { next }
    { n = match(line, /[ \t=]/); if (n == 0) next
      name = substr(line, 1, n - 1); rest = substr(line, n + 1); sub(/^[ \t=]+/, "", rest)
      if (name == k) value = rest }
    END { if (value != "") print value }' "$file"
}

# the non-empty arguments, trimmed, joined by single spaces (quoted parts are kept as they are)
melep_join() {
  local out="" part
  for part in "$@"; do
    part="${part#"${part%%[![:space:]]*}"}"
    part="${part%"${part##*[![:space:]]}"}"
    [ -z "$part" ] || out="${out:+$out }$part"
  done
  printf '%s' "$out"
}

# sets: submit_opts (array), melep_args (array), melep_driver_opts, melep_executor_opts,
#       melep_config_files (array, for --files), melep_command (first melep word)
melep_parse() {
  if [ $# -eq 0 ] || [ "$1" = "--help" ] || [ "$1" = "-h" ]; then
    melep_usage
    exit 2
  fi
  local args=("$@") split=-1 i
  for i in "${!args[@]}"; do
    if [ "${args[$i]}" = "--" ]; then split=$i; break; fi
  done
  local raw_submit=()
  if [ "$split" -ge 0 ]; then
    raw_submit=("${args[@]:0:$split}")
    melep_args=("${args[@]:$((split + 1))}")
  else
    melep_args=("${args[@]}")
  fi
  if [ ${#melep_args[@]} -eq 0 ]; then
    echo "$melep_script: no melep command after --" >&2
    melep_usage
    exit 2
  fi
  for i in "${melep_args[@]}"; do
    if [ "$i" = "--help" ] || [ "$i" = "-h" ] || [ "$i" = "--version" ] || [ "$i" = "-V" ]; then
      melep_usage
      exit 2
    fi
  done

  # spark-submit options: pull out the user's extraJavaOptions to merge them
  submit_opts=()
  local user_driver="" user_executor="" props_file="" have_driver=0 have_executor=0 a
  i=0
  while [ $i -lt ${#raw_submit[@]} ]; do
    a="${raw_submit[$i]}"
    local conf=""
    case "$a" in
      --conf|-c)
        if [ $((i + 1)) -ge ${#raw_submit[@]} ]; then
          echo "$melep_script: $a needs a value" >&2; exit 2
        fi
        conf="${raw_submit[$((i + 1))]}"; i=$((i + 2)) ;;
      --conf=*) conf="${a#--conf=}"; i=$((i + 1)) ;;
      --driver-java-options)
        user_driver="$user_driver ${raw_submit[$((i + 1))]:-}"; have_driver=1; i=$((i + 2)); continue ;;
      --driver-java-options=*)
        user_driver="$user_driver ${a#--driver-java-options=}"; have_driver=1; i=$((i + 1)); continue ;;
      --properties-file)
        props_file="${raw_submit[$((i + 1))]:-}"; submit_opts+=("$a" "$props_file"); i=$((i + 2)); continue ;;
      --properties-file=*)
        props_file="${a#--properties-file=}"; submit_opts+=("$a"); i=$((i + 1)); continue ;;
      *) submit_opts+=("$a"); i=$((i + 1)); continue ;;
    esac
    case "$conf" in
      spark.driver.extraJavaOptions=*) user_driver="$user_driver ${conf#*=}"; have_driver=1 ;;
      spark.executor.extraJavaOptions=*) user_executor="$user_executor ${conf#*=}"; have_executor=1 ;;
      *) submit_opts+=("--conf" "$conf") ;;
    esac
  done
  # not on the command line: the properties file spark-submit would read
  local defaults="${props_file:-${SPARK_CONF_DIR:-${SPARK_HOME:-}/conf}/spark-defaults.conf}"
  [ $have_driver = 1 ] || user_driver="$(melep_property "$defaults" spark.driver.extraJavaOptions)"
  [ $have_executor = 1 ] || user_executor="$(melep_property "$defaults" spark.executor.extraJavaOptions)"

  # a config file: MELEP_CONFIG, or `--config FILE` among the root options (before the command)
  melep_config_files=()
  local config="${MELEP_CONFIG:-}" rest=() seen_command=0
  i=0
  while [ $i -lt ${#melep_args[@]} ]; do
    a="${melep_args[$i]}"
    if [ $seen_command = 0 ] && [ "$a" = "--config" ]; then
      config="${melep_args[$((i + 1))]:-}"; i=$((i + 2)); continue
    elif [ $seen_command = 0 ] && [[ "$a" == --config=* ]]; then
      config="${a#--config=}"; i=$((i + 1)); continue
    fi
    [[ "$a" == -* ]] || seen_command=1
    rest+=("$a"); i=$((i + 1))
  done
  melep_args=("${rest[@]}")
  melep_command="melep"
  for a in "${melep_args[@]}"; do
    if [[ "$a" != -* ]]; then melep_command="melep-$a"; break; fi
  done
  local config_opt=""
  if [ -n "$config" ]; then
    if [ ! -r "$config" ]; then
      echo "$melep_script: config file not readable: $config" >&2
      exit 2
    fi
    # shipped beside the driver (its working directory, YARN and Kubernetes cluster mode)
    melep_config_files=("$config")
    if [ "${melep_deploy_mode:-cluster}" = "cluster" ]; then
      config_opt="\"-Dmelep.config=$(basename "$config")\""
    else
      config_opt="\"-Dmelep.config=$(cd "$(dirname "$config")" && pwd)/$(basename "$config")\""
    fi
  fi

  local opens
  opens="$(grep -v '^#' "$here/scripts/java17-opens.txt" | tr '\n' ' ')"
  melep_driver_opts="$(melep_join "$opens" -Dai.djl.offline=true "$config_opt" "$user_driver")"
  melep_executor_opts="$(melep_join "$opens" -Dai.djl.offline=true "$user_executor")"
}

# --files with the config file, added to a --files the user gave
melep_files_opts() {
  [ ${#melep_config_files[@]} -gt 0 ] || return 0
  local i found=0
  for ((i = 0; i < ${#submit_opts[@]}; i++)); do
    case "${submit_opts[$i]}" in
      --files) submit_opts[$((i + 1))]="${submit_opts[$((i + 1))]},${melep_config_files[0]}"; found=1 ;;
      --files=*) submit_opts[$i]="${submit_opts[$i]},${melep_config_files[0]}"; found=1 ;;
    esac
  done
  [ $found = 1 ] || submit_opts+=("--files" "${melep_config_files[0]}")
}
