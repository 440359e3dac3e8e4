#!/usr/bin/env bash
# Runs the trading benchmark from the fat jar (built first when it is missing).
#   bench/trading.sh [--sockets 1000,5000] [--ticks 50] [--tick-rate 5] [--order-clients 8]
#                    [--duration 10s] [--redis-uri URI]
# JAVA_OPTS is passed to the node's JVM (default -Xmx2g); JFR=1 also records a flight recording
# of the node's JVM to target/trading-benchmark.jfr (read it with `jfr print` / `jfr summary`).
# The WebSocket clients run in a JVM of their own; each socket uses one file descriptor in each
# process, so `ulimit -n` must exceed --sockets (plus about 200) in this shell.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -f target/gambit.jar ]; then
  mvn -B -q package -DskipTests
fi
opts=(${JAVA_OPTS:--Xmx2g})
if [ "${JFR:-0}" = "1" ]; then
  opts+=("-XX:StartFlightRecording=filename=target/trading-benchmark.jfr,settings=profile")
fi
exec java "${opts[@]}" -cp target/gambit.jar gambit.bench.TradingBenchmark "$@"
