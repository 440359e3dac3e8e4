#!/usr/bin/env bash
# Runs the trading benchmark from the fat jar (built first when it is missing).
#   bench/trading.sh [--sockets 1000,5000] [--ticks 50] [--tick-rate 5] [--order-clients 8]
#                    [--duration 10s] [--redis-uri URI]
# JAVA_OPTS is passed to the JVM. Each socket uses two file descriptors of this one process.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -f target/gambit.jar ]; then
  mvn -B -q package -DskipTests
fi
exec java ${JAVA_OPTS:--Xmx2g} -cp target/gambit.jar gambit.bench.TradingBenchmark "$@"
