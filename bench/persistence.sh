#!/usr/bin/env bash
# Runs the persistence benchmark from the fat jar (built first when it is missing).
#   bench/persistence.sh [options]        options: bench/persistence.sh --help
# JAVA_OPTS is passed to the JVM; JFR=1 also records a flight recording to
# target/persistence-benchmark.jfr (read it with `jfr print` / `jfr summary`).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -f target/gambit.jar ]; then
  mvn -B -q package -DskipTests
fi
opts=(${JAVA_OPTS:-})
if [ "${JFR:-0}" = "1" ]; then
  opts+=("-XX:StartFlightRecording=filename=target/persistence-benchmark.jfr,settings=profile")
fi
exec java "${opts[@]}" -cp target/gambit.jar gambit.bench.PersistenceBenchmark "$@"
