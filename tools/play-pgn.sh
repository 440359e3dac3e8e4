#!/usr/bin/env bash
# Plays PGN files through a running node's HTTP API as two new users, move by move, and prints
# each game's final FEN, result, termination and moves/s (the fat jar is built when missing).
#   tools/play-pgn.sh [--url http://127.0.0.1:8080] FILE.pgn...
# Exit code 0: every game ended as recorded; 1: the server refused a step or ended a game
# otherwise; 2: usage error or invalid PGN. JAVA_OPTS is passed to the JVM.
set -euo pipefail
# no cd: the PGN paths are the caller's
root="$(cd "$(dirname "$0")/.." && pwd)"

if [ ! -f "$root/target/gambit.jar" ]; then
  (cd "$root" && mvn -B -q package -DskipTests)
fi
exec java ${JAVA_OPTS:-} -cp "$root/target/gambit.jar" gambit.tools.PlayPgn "$@"
