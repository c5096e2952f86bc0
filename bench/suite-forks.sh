#!/usr/bin/env bash
# Runs Apache Commons Lang 3.17.0's own tests one JVM per test class, as Surefire's reuseForks=false or Gradle's
# forkEvery 1 do: every STRIDE-th test class (default 4: 55 of its 219 *Test classes in name order, not counting
# abstract ones and JMH's generated *_jmhTest classes, which hold no tests) with the JUnit console launcher,
# without the agent and with it (default options), variants alternating within each round. Sums
# the test JVMs' CPU (user + sys) and wall; prints one docs/performance.md table row per run, with the cost per
# JVM (agent minus plain, over the number of JVMs). Build first (mvn package).
#
#   bash bench/suite-forks.sh      # with the default java; ROUNDS=2 for two rounds, STRIDE=1 for every class
#   JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 bash bench/suite-forks.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/suite-libs.sh"

mapfile -t classes < <(unzip -Z1 "$tests_jar" | grep -E '^[^$]*Test\.class$' | grep -v -e /jmh_generated/ -e /Abstract \
    | sort | awk -v stride="${STRIDE:-4}" '(NR - 1) % stride == 0' | sed 's/\.class$//; s#/#.#g')

plain_cpu= plain_wall=
run() { # name, extra JVM arguments...
    local name="$1"; shift
    local out="$work/forks-$name-$java_feature" times
    rm -rf "$out"; mkdir -p "$out"
    times=$( { TIMEFORMAT='%U %S %R'; time for class in "${classes[@]}"; do
        "$java_bin" "${project_jvm[@]}" "${@/\{dir\}/$out}" -jar "$console" execute --disable-banner \
            --details=summary -cp "$class_path" --select-class "$class" >"$out/${class##*.}.txt" 2>&1 || true
    done; } 2>&1 | tail -1)
    local cpu wall; cpu=$(cpu_of "$times"); wall=$(awk '{printf "%.0f", $3}' <<<"$times")
    [[ "$name" == plain ]] && { plain_cpu=$cpu; plain_wall=$wall; }
    local n=${#classes[@]} tests failed
    tests=$(cat "$out"/*.txt | sed -n 's/.*\[ *\([0-9]*\) tests successful.*/\1/p' | awk '{s += $1} END {print s}')
    failed=$(cat "$out"/*.txt | sed -n 's/.*\[ *\([0-9]*\) tests failed.*/\1/p' | awk '{s += $1} END {print s}')
    echo "| $java_feature | $round | $name | $n | $cpu s | $wall s | $(ratio "$cpu" "$plain_cpu")" \
        "| $(awk -v a="$cpu" -v b="$plain_cpu" -v n="$n" 'BEGIN {printf "%.2f s", (a - b) / n}')" \
        "| $(load_now) | $tests successful, $failed failed |"
}

cd "$work"
echo "| Java | round | run | JVMs | CPU | wall | CPU over plain | CPU per JVM over plain | load | tests |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for ((round = 1; round <= ${ROUNDS:-1}; round++)); do
    run plain
    run agent "-javaagent:$agent=quiet,report={dir}/{pid}.json"
done
echo "reports in $work/forks-agent-$java_feature"
