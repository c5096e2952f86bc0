#!/usr/bin/env bash
# Runs a real project's own test suite (Apache Commons Lang 3.17.0, from its tests jar on Maven Central) in one
# JVM with the JUnit console launcher: without the agent, with it (default options), with it and the unclosed
# JUnit module on the class path, and with the module's extension failing leaking tests. Variants alternate within
# each round. Prints one docs/performance.md table row per run: Java, round, variant, the test JVM's CPU (user +
# sys) and wall, CPU over plain in the same round, load average at the end, tests. Build first (mvn package).
#
#   bash bench/suite.sh            # with the default java; ROUNDS=2 for two rounds; VARIANTS="plain agent" for some
#   JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 EXCLUDE='.*ExtendedMessageFormatTest' bash bench/suite.sh
#
# EXCLUDE, a class name pattern, leaves test classes out: on Java 25 ExtendedMessageFormatTest runs for many
# minutes of CPU even without the agent (MessageFormat.toPattern builds every locale's time zone names).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/suite-libs.sh"

plain_cpu=
variants=" ${VARIANTS:-plain agent agent+junit agent+junit+fail} "
run() { # name, extra JVM arguments..., then -- and extra class path
    local name="$1"; shift
    [[ "$variants" == *" $name "* ]] || return 0
    local jvm=() extra=""
    while [[ $# -gt 0 && "$1" != "--" ]]; do jvm+=("$1"); shift; done
    [[ $# -gt 0 ]] && { shift; extra="${1:-}"; }
    local out="$work/$name-$java_feature.txt" times
    times=$( { TIMEFORMAT='%U %S %R'; time "$java_bin" "${project_jvm[@]}" "${jvm[@]}" \
        -jar "$console" execute --disable-banner --details=summary --include-classname '.*Test' \
        ${EXCLUDE:+--exclude-classname "$EXCLUDE"} \
        -cp "$class_path$extra" --scan-class-path "$tests_jar" >"$out" 2>&1 || true; } 2>&1 | tail -1)
    local cpu; cpu=$(cpu_of "$times")
    [[ "$name" == plain ]] && plain_cpu=$cpu
    local tests
    tests=$(sed -n 's/.*\[ *\([0-9]*\) tests \(successful\|failed\).*/\1 \2/p' "$out" | paste -sd, - | sed 's/,/, /')
    echo "| $java_feature | $round | $name | $cpu s | $(awk '{printf "%.0f", $3}' <<<"$times") s" \
        "| $(ratio "$cpu" "$plain_cpu") | $(load_now) | $tests |"
}

cd "$work"
echo "| Java | round | run | CPU | wall | CPU over plain | load | tests |"
echo "|---|---|---|---|---|---|---|---|"
for ((round = 1; round <= ${ROUNDS:-1}; round++)); do
    run plain
    run agent "-javaagent:$agent=quiet,report=$work/agent-$java_feature-{pid}.json"
    run agent+junit "-javaagent:$agent=quiet,report=$work/junit-$java_feature-{pid}.json" -- "$junit_module"
    run agent+junit+fail "-javaagent:$agent=quiet,report=$work/fail-$java_feature-{pid}.json" \
        -Djunit.jupiter.extensions.autodetection.enabled=true -Dunclosed.junit.failLeakingTests=true -- "$junit_module"
done
echo "reports in $work"
