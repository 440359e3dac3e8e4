#!/usr/bin/env bash
# Runs the chess game benchmark from the fat jar (built first when it is missing).
#   bench/games.sh [options]        options: bench/games.sh --help
# JAVA_OPTS is passed to the JVM (default -Xmx4g: the memory phase holds 100,000 games);
# JFR=1 also records a flight recording to target/game-benchmark.jfr (read it with
# `jfr print` / `jfr summary`).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -f target/gambit.jar ]; then
  mvn -B -q package -DskipTests
fi
opts=(${JAVA_OPTS:--Xmx4g})
if [ "${JFR:-0}" = "1" ]; then
  opts+=("-XX:StartFlightRecording=filename=target/game-benchmark.jfr,settings=profile")
fi
exec java "${opts[@]}" -cp target/gambit.jar gambit.bench.GameBenchmark "$@"
