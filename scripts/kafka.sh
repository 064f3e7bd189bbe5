#!/usr/bin/env bash
# A real Apache Kafka 4.x broker for tests and local runs, without containers:
#   scripts/kafka.sh fetch    resolve kafka_2.13 (newest 4.x that resolves) and its runtime deps from Maven Central, cached
#   scripts/kafka.sh start    a single KRaft node (broker + controller) on 127.0.0.1 with a fresh log folder
#   scripts/kafka.sh stop     stop it cleanly (SIGTERM, then wait)
#   scripts/kafka.sh resume   start it again on its existing log folder (topics, offsets and messages kept)
#   scripts/kafka.sh status   "running <brokers>" or "stopped"
# Needs java (17+) and mvn. Environment: O2C_KAFKA_PORT (19092), O2C_KAFKA_CONTROLLER_PORT (19093),
# O2C_KAFKA_DIR (.o2c/kafka), O2C_KAFKA_CACHE (~/.cache/o2c/kafka), O2C_KAFKA_VERSIONS (tried in order).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=${O2C_KAFKA_CACHE:-${HOME}/.cache/o2c/kafka}
RUN=${O2C_KAFKA_DIR:-${ROOT}/.o2c/kafka}
PORT=${O2C_KAFKA_PORT:-19092}
CONTROLLER_PORT=${O2C_KAFKA_CONTROLLER_PORT:-19093}
VERSIONS=${O2C_KAFKA_VERSIONS:-"4.3.1 4.3.0 4.2.1 4.2.0 4.1.1 4.1.0 4.0.1 4.0.0"}
SLF4J_VERSION=2.0.17

say() { echo "[kafka] $*" >&2; }

need() {
  command -v "$1" >/dev/null 2>&1 || { say "$1 not found: $2"; exit 3; }
}

fetch_version() {
  local version=$1 dir="${CACHE}/$1"
  if [[ -f "${dir}/.complete" ]]; then echo "${version}"; return 0; fi
  mkdir -p "${dir}"
  cat > "${dir}/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>o2c</groupId>
  <artifactId>kafka-runtime</artifactId>
  <version>${version}</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>${version}</version></dependency>
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-simple</artifactId><version>${SLF4J_VERSION}</version></dependency>
  </dependencies>
</project>
POM
  say "resolving org.apache.kafka:kafka_2.13:${version} from Maven Central"
  if mvn -q -B -f "${dir}/pom.xml" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="${dir}/lib" >"${dir}/mvn.log" 2>&1; then
    touch "${dir}/.complete"
    echo "${version}"
    return 0
  fi
  say "kafka_2.13:${version} did not resolve (see ${dir}/mvn.log)"
  rm -rf "${dir}/lib"
  return 1
}

fetch() {
  need java "install a JDK 17+"
  need mvn "install Apache Maven"
  mkdir -p "${CACHE}"
  local version
  for version in ${VERSIONS}; do
    if fetch_version "${version}" >/dev/null; then
      echo "${version}" > "${CACHE}/current"
      say "Apache Kafka ${version} ready in ${CACHE}/${version}/lib"
      echo "${version}"
      return 0
    fi
  done
  say "no Kafka 4.x version resolved from: ${VERSIONS}"
  exit 4
}

classpath() {
  local version
  version=$(cat "${CACHE}/current" 2>/dev/null || true)
  [[ -n "${version}" && -f "${CACHE}/${version}/.complete" ]] || version=$(fetch)
  echo "${CACHE}/${version}/lib/*"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

is_running() {
  [[ -f "${RUN}/kafka.pid" ]] && kill -0 "$(cat "${RUN}/kafka.pid")" 2>/dev/null
}

start() {
  local keep=${1:-fresh}
  need java "install a JDK 17+"
  if is_running; then say "already running (pid $(cat "${RUN}/kafka.pid"))"; echo "127.0.0.1:${PORT}"; return 0; fi
  if port_open "${PORT}"; then say "port ${PORT} is taken by another process"; exit 5; fi
  local cp
  cp=$(classpath)
  if [[ "${keep}" == keep && -f "${RUN}/server.properties" && -f "${RUN}/data/meta.properties" ]]; then
    launch "${cp}"
    return 0
  fi
  rm -rf "${RUN}"
  mkdir -p "${RUN}/data"
  cat > "${RUN}/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:${CONTROLLER_PORT}
listeners=PLAINTEXT://127.0.0.1:${PORT},CONTROLLER://127.0.0.1:${CONTROLLER_PORT}
advertised.listeners=PLAINTEXT://127.0.0.1:${PORT}
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=${RUN}/data
num.partitions=3
auto.create.topics.enable=false
offsets.topic.replication.factor=1
offsets.topic.num.partitions=6
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
log.flush.interval.messages=9223372036854775807
PROPS
  local cluster_id
  cluster_id=$(java -cp "${cp}" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -1)
  java -cp "${cp}" kafka.tools.StorageTool format -t "${cluster_id}" -c "${RUN}/server.properties" >"${RUN}/format.log" 2>&1 \
    || { say "formatting the log folder failed:"; cat "${RUN}/format.log" >&2; exit 6; }
  launch "${cp}"
}

launch() {
  local cp=$1
  nohup java -Xms256m -Xmx768m -XX:+UseG1GC -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -cp "${cp}" kafka.Kafka "${RUN}/server.properties" >"${RUN}/kafka.log" 2>&1 &
  echo $! > "${RUN}/kafka.pid"
  local waited=0
  until port_open "${PORT}"; do
    if ! is_running; then say "the broker exited:"; tail -40 "${RUN}/kafka.log" >&2; exit 7; fi
    if (( waited >= 120 )); then say "the broker did not open ${PORT} within 60 s"; tail -40 "${RUN}/kafka.log" >&2; stop; exit 8; fi
    sleep 0.5
    waited=$((waited + 1))
  done
  say "Apache Kafka $(cat "${CACHE}/current") running on 127.0.0.1:${PORT} (pid $(cat "${RUN}/kafka.pid"), log ${RUN}/kafka.log)"
  echo "127.0.0.1:${PORT}"
}

stop() {
  if ! is_running; then say "not running"; return 0; fi
  local pid waited=0
  pid=$(cat "${RUN}/kafka.pid")
  kill -TERM "${pid}"
  while kill -0 "${pid}" 2>/dev/null; do
    if (( waited >= 60 )); then say "still running after 30 s: SIGKILL"; kill -KILL "${pid}"; break; fi
    sleep 0.5
    waited=$((waited + 1))
  done
  rm -f "${RUN}/kafka.pid"
  say "stopped"
}

case "${1:-}" in
  fetch) fetch ;;
  start) start fresh ;;
  resume) start keep ;;
  stop) stop ;;
  status) if is_running; then echo "running 127.0.0.1:${PORT}"; else echo "stopped"; fi ;;
  *) echo "usage: $0 fetch|start|stop|resume|status" >&2; exit 2 ;;
esac
