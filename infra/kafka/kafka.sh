#!/usr/bin/env bash
# A real single-node Apache Kafka broker (KRaft, no ZooKeeper, no Docker) from Maven Central jars.
#   kafka.sh start   fetch jars if missing, format storage once, start unless one already answers,
#                    and wait until the broker is ready
#   kafka.sh stop    stop the broker this script started (by PID)
#   kafka.sh status  exit 0 when the broker answers
# KAFKA_PORT (default 9092) and KAFKA_CONTROLLER_PORT (default 9093) choose the ports.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
run_dir="${KAFKA_RUN_DIR:-$here/.run}"
port="${KAFKA_PORT:-9092}"
controller_port="${KAFKA_CONTROLLER_PORT:-9093}"
libs="$run_dir/libs"
data="$run_dir/data-$port"
pid_file="$run_dir/kafka-$port.pid"
log_file="$run_dir/kafka-$port.log"
props="$run_dir/server-$port.properties"

answers() { (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; }

fetch_jars() {
  [ -f "$libs/.complete" ] && return 0
  echo "kafka: fetching Apache Kafka jars from Maven Central (once)"
  command -v mvn >/dev/null || { echo "kafka: Maven (mvn) is required: apt-get install maven" >&2; exit 1; }
  command -v java >/dev/null || { echo "kafka: Java 17+ is required: apt-get install openjdk-17-jre-headless" >&2; exit 1; }
  mvn -q -B -Dstyle.color=never -f "$here/pom.xml" dependency:copy-dependencies -DoutputDirectory="$libs" -DincludeScope=runtime
  touch "$libs/.complete"
}

format_storage() {
  sed -e "s#@KAFKA_PORT@#$port#g" -e "s#@CONTROLLER_PORT@#$controller_port#g" -e "s#@DATA_DIR@#$data#g" \
    "$here/server.properties.template" > "$props"
  [ -f "$data/meta.properties" ] && return 0
  mkdir -p "$data"
  local cluster_id
  cluster_id="$(java -cp "$libs/*" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1)"
  java -Dlog4j.configuration="file:$here/log4j.properties" -cp "$libs/*" \
    kafka.tools.StorageTool format -t "$cluster_id" -c "$props" --ignore-formatted >/dev/null
}

wait_ready() {
  local deadline=$((SECONDS + ${KAFKA_START_TIMEOUT:-90}))
  until grep -q "Kafka Server started" "$log_file" 2>/dev/null && answers; do
    if [ -f "$pid_file" ] && ! kill -0 "$(cat "$pid_file")" 2>/dev/null; then
      echo "kafka: the broker exited during start-up; last lines of $log_file:" >&2
      tail -n 30 "$log_file" >&2
      exit 1
    fi
    if [ $SECONDS -ge $deadline ]; then
      echo "kafka: not ready after ${KAFKA_START_TIMEOUT:-90}s; see $log_file" >&2
      exit 1
    fi
    sleep 0.5
  done
}

start() {
  if answers; then
    echo "kafka: already answering on 127.0.0.1:$port"
    return 0
  fi
  mkdir -p "$run_dir"
  fetch_jars
  format_storage
  echo "kafka: starting broker on 127.0.0.1:$port"
  : > "$log_file"
  KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m}"
  # setsid: the broker outlives the shell that started it, and is stopped only by 'stop'.
  setsid java $KAFKA_HEAP_OPTS -XX:+UseG1GC -Djava.awt.headless=true \
    -Dlog4j.configuration="file:$here/log4j.properties" \
    -cp "$libs/*" kafka.Kafka "$props" >>"$log_file" 2>&1 < /dev/null &
  echo $! > "$pid_file"
  wait_ready
  echo "kafka: ready on 127.0.0.1:$port (pid $(cat "$pid_file"))"
}

stop() {
  if [ ! -f "$pid_file" ]; then
    echo "kafka: no broker started by this script on port $port"
    return 0
  fi
  local pid
  pid="$(cat "$pid_file")"
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
  fi
  rm -f "$pid_file"
  echo "kafka: stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) answers ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
