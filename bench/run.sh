#!/usr/bin/env bash
# Builds the agent and the benchmarks, then runs every scenario without and with the agent in one session and
# prints the comparison table (also written to bench/target/results.md). Takes about 10-15 minutes.
#
#   bash bench/run.sh                         # with the default java
#   JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 bash bench/run.sh
#   bash bench/run.sh --only='leaked|start-up' --iterations=3   # extra options go to CompareMain
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

java_bin="java"
if [[ -n "${JAVA_HOME:-}" ]]; then
    java_bin="$JAVA_HOME/bin/java"
fi

# Build with the default JDK (the project's Java 17 baseline); only the benchmark run uses $JAVA_HOME's java.
# Offline first, as the local repository usually has everything; fall back to fetching what is missing.
if ! env -u JAVA_HOME mvn -q -o package -DskipTests -pl agent,bench -am; then
    env -u JAVA_HOME mvn -q package -DskipTests -pl agent,bench -am
fi

"$java_bin" -cp bench/target/benchmarks.jar dev.unclosed.bench.CompareMain \
    --agent=agent/target/unclosed-agent.jar \
    --out=bench/target/results.md \
    --work=bench/target/bench-work \
    "$@"
