#!/usr/bin/env bash
# Real Apache Kafka (KRaft, no ZooKeeper, no Docker) from Maven Central jars: one broker, or a
# replicated cluster of three on one machine (each node broker + controller, a quorum of three).
#   kafka.sh start         fetch jars if missing, format storage once, start every node that does
#                          not already answer, and wait until all are ready
#   kafka.sh stop [N]      stop the nodes this script started (by PID), or only node N (1-based)
#   kafka.sh kill N        SIGKILL node N (for fault tests)
#   kafka.sh status        exit 0 when every node answers
#   kafka.sh brokers       print the bootstrap list (host:port,...)
# KAFKA_NODES (1 or 3, default 1) chooses the size. KAFKA_PORT (default 9092) and
# KAFKA_CONTROLLER_PORT (default 9093) are node 1's ports; node N uses each plus 2×(N−1), so three
# nodes from the defaults take 9092–9097. Each node keeps its data, pid and log per port. A node
# still running KAFKA_STOP_TIMEOUT seconds (default 30) after SIGTERM is killed.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
run_dir="${KAFKA_RUN_DIR:-$here/.run}"
base_port="${KAFKA_PORT:-9092}"
base_controller_port="${KAFKA_CONTROLLER_PORT:-9093}"
nodes="${KAFKA_NODES:-1}"
libs="$run_dir/libs"
case "$nodes" in
  1 | 3) ;;
  *) echo "kafka: KAFKA_NODES must be 1 or 3, not '$nodes'" >&2; exit 2 ;;
esac

port_of() { echo $((base_port + 2 * ($1 - 1))); }
controller_port_of() { echo $((base_controller_port + 2 * ($1 - 1))); }
pid_file_of() { echo "$run_dir/kafka-$(port_of "$1").pid"; }
log_file_of() { echo "$run_dir/kafka-$(port_of "$1").log"; }
answers() { (exec 3<>"/dev/tcp/127.0.0.1/$(port_of "$1")") 2>/dev/null; }

fetch_jars() {
  [ -f "$libs/.complete" ] && return 0
  echo "kafka: fetching Apache Kafka jars from Maven Central (once)"
  command -v mvn >/dev/null || { echo "kafka: Maven (mvn) is required: apt-get install maven" >&2; exit 1; }
  command -v java >/dev/null || { echo "kafka: Java 17+ is required: apt-get install openjdk-17-jre-headless" >&2; exit 1; }
  mvn -q -B -Dstyle.color=never -f "$here/pom.xml" dependency:copy-dependencies -DoutputDirectory="$libs" -DincludeScope=runtime
  touch "$libs/.complete"
}

# One cluster id for all nodes of a cluster, kept beside their data so a restart reuses it.
cluster_id() {
  local file="$run_dir/cluster-$base_port-$nodes.id"
  [ -f "$file" ] || java -cp "$libs/*" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1 > "$file"
  cat "$file"
}

format_storage() {
  local node="$1" port controller_port data props voters="" replication min_isr
  port="$(port_of "$node")"
  controller_port="$(controller_port_of "$node")"
  data="$run_dir/data-$port"
  props="$run_dir/server-$port.properties"
  for n in $(seq 1 "$nodes"); do voters="$voters${voters:+,}$n@127.0.0.1:$(controller_port_of "$n")"; done
  # Three copies of everything on a cluster, and a write needs two of them; one copy on one broker.
  if [ "$nodes" -ge 3 ]; then replication=3 min_isr=2; else replication=1 min_isr=1; fi
  sed -e "s#@NODE_ID@#$node#g" -e "s#@QUORUM_VOTERS@#$voters#g" \
    -e "s#@KAFKA_PORT@#$port#g" -e "s#@CONTROLLER_PORT@#$controller_port#g" -e "s#@DATA_DIR@#$data#g" \
    -e "s#@REPLICATION_FACTOR@#$replication#g" -e "s#@MIN_INSYNC_REPLICAS@#$min_isr#g" \
    "$here/server.properties.template" > "$props"
  [ -f "$data/meta.properties" ] && return 0
  mkdir -p "$data"
  java -Dlog4j.configuration="file:$here/log4j.properties" -cp "$libs/*" \
    kafka.tools.StorageTool format -t "$(cluster_id)" -c "$props" --ignore-formatted >/dev/null
}

launch() {
  local node="$1" log_file pid_file
  log_file="$(log_file_of "$node")"
  pid_file="$(pid_file_of "$node")"
  format_storage "$node"
  echo "kafka: starting node $node on 127.0.0.1:$(port_of "$node")"
  : > "$log_file"
  KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m}"
  # setsid: the broker outlives the shell that started it, and is stopped only by 'stop'.
  setsid java $KAFKA_HEAP_OPTS -XX:+UseG1GC -Djava.awt.headless=true \
    -Dlog4j.configuration="file:$here/log4j.properties" \
    -cp "$libs/*" kafka.Kafka "$run_dir/server-$(port_of "$node").properties" >>"$log_file" 2>&1 < /dev/null &
  echo $! > "$pid_file"
}

wait_ready() {
  local node="$1" log_file pid_file deadline=$((SECONDS + ${KAFKA_START_TIMEOUT:-90}))
  log_file="$(log_file_of "$node")"
  pid_file="$(pid_file_of "$node")"
  until grep -q "Kafka Server started" "$log_file" 2>/dev/null && answers "$node"; do
    if [ -f "$pid_file" ] && ! kill -0 "$(cat "$pid_file")" 2>/dev/null; then
      echo "kafka: node $node exited during start-up; last lines of $log_file:" >&2
      tail -n 30 "$log_file" >&2
      exit 1
    fi
    if [ $SECONDS -ge $deadline ]; then
      echo "kafka: node $node not ready after ${KAFKA_START_TIMEOUT:-90}s; see $log_file" >&2
      exit 1
    fi
    sleep 0.5
  done
}

start() {
  local started=()
  mkdir -p "$run_dir"
  for node in $(seq 1 "$nodes"); do
    if answers "$node"; then
      echo "kafka: already answering on 127.0.0.1:$(port_of "$node")"
    else
      fetch_jars
      launch "$node"
      started+=("$node")
    fi
  done
  # All nodes are launched before any is awaited: a node of a cluster is ready only once the
  # controller quorum (two of three) is up.
  for node in "${started[@]}"; do
    wait_ready "$node"
    echo "kafka: ready on 127.0.0.1:$(port_of "$node") (pid $(cat "$(pid_file_of "$node")"))"
  done
}

stop_node() {
  local node="$1" signal="${2:-TERM}" pid_file pid
  pid_file="$(pid_file_of "$node")"
  if [ ! -f "$pid_file" ]; then
    echo "kafka: no broker started by this script on port $(port_of "$node")"
    return 0
  fi
  pid="$(cat "$pid_file")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -"$signal" "$pid"
    for _ in $(seq 1 $((2 * ${KAFKA_STOP_TIMEOUT:-30}))); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
    # Gone, not just signalled: a 'start' right after a stop takes a node whose port still
    # answers for running, and would leave it down.
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -f "$pid_file"
  echo "kafka: node $node stopped"
}

node_arg() {
  local node="$1"
  [[ "$node" =~ ^[0-9]+$ ]] && [ "$node" -ge 1 ] && [ "$node" -le "$nodes" ] ||
    { echo "kafka: node must be 1..$nodes, not '$node'" >&2; exit 2; }
  echo "$node"
}

stop() {
  if [ -n "${1:-}" ]; then
    stop_node "$(node_arg "$1")"
  else
    # All at once: stopped one by one, the last node would wait for a quorum that is gone.
    for node in $(seq 1 "$nodes"); do stop_node "$node" & done
    wait
  fi
}

status() {
  for node in $(seq 1 "$nodes"); do answers "$node" || return 1; done
}

brokers() {
  local list=""
  for node in $(seq 1 "$nodes"); do list="$list${list:+,}127.0.0.1:$(port_of "$node")"; done
  echo "$list"
}

case "${1:-}" in
  start) start ;;
  stop) stop "${2:-}" ;;
  kill) stop_node "$(node_arg "${2:-}")" KILL ;;
  status) status ;;
  brokers) brokers ;;
  *) echo "usage: $0 start|stop [N]|kill N|status|brokers" >&2; exit 2 ;;
esac
