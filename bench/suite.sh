#!/usr/bin/env bash
# Runs a real project's own test suite (Apache Commons Lang 3.17.0, from its tests jar on Maven Central) in one
# JVM with the JUnit console launcher: without the agent, with it (default options), with it and the unclosed
# JUnit module on the class path, and with the module's extension failing leaking tests. Prints the test JVM's
# wall and CPU time (bash's times) for each, and where each report went. Build first (make, or mvn package).
#
#   bash bench/suite.sh            # with the default java
#   JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 bash bench/suite.sh
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$root/bench/target/suite"
libs="$work/libs"
mkdir -p "$libs"
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"

artifacts=(
    org.apache.commons:commons-lang3:3.17.0
    org.apache.commons:commons-lang3:3.17.0:jar:tests
    org.junit.platform:junit-platform-console-standalone:1.11.4
    org.junit-pioneer:junit-pioneer:1.9.1
    org.hamcrest:hamcrest:3.0
    org.easymock:easymock:5.4.0
    org.objenesis:objenesis:3.4
    org.apache.commons:commons-text:1.12.0
    org.openjdk.jmh:jmh-core:1.37
    net.sf.jopt-simple:jopt-simple:5.0.4
    org.apache.commons:commons-math3:3.6.1
)
for artifact in "${artifacts[@]}"; do
    if ! env -u JAVA_HOME mvn -q -o dependency:copy -Dartifact="$artifact" -DoutputDirectory="$libs" >/dev/null 2>&1; then
        env -u JAVA_HOME mvn -q dependency:copy -Dartifact="$artifact" -DoutputDirectory="$libs"
    fi
done

agent="$root/agent/target/unclosed-agent.jar"
junit_module="$(ls "$root"/junit5/target/unclosed-junit5-*.jar | grep -v -e sources -e javadoc | head -1)"
tests_jar="$libs/commons-lang3-3.17.0-tests.jar"
class_path="$(ls "$libs"/*.jar | grep -v console-standalone | tr '\n' ':')"
console="$libs/junit-platform-console-standalone-1.11.4.jar"

run() { # name, extra JVM arguments..., then -- and extra class path
    local name="$1"; shift
    local jvm=() extra=""
    while [[ $# -gt 0 && "$1" != "--" ]]; do jvm+=("$1"); shift; done
    [[ $# -gt 0 ]] && { shift; extra="${1:-}"; }
    local out="$work/$name.txt"
    local times
    # As the project's own build runs them: -Xmx512m and these --add-opens (its pom's argLine), *Test classes.
    times=$( { "$java_bin" -Xmx512m --add-opens java.base/java.lang.reflect=ALL-UNNAMED \
        --add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/java.util=ALL-UNNAMED "${jvm[@]}" \
        -jar "$console" execute --disable-banner --details=summary --include-classname '.*Test' \
        -cp "$class_path$extra" --scan-class-path "$tests_jar" >"$out" 2>&1 || true; times; } | tail -1)
    local found; found=$(grep -E "tests (successful|failed)" "$out" | tr -s ' ' | tr '\n' ' ')
    echo "$name: CPU (user sys) $times; $found"
}

cd "$work"
for ((round = 1; round <= ${ROUNDS:-1}; round++)); do
    run plain
    run agent "-javaagent:$agent=quiet,report=$work/agent-{pid}.json"
    run agent+junit "-javaagent:$agent=quiet,report=$work/junit-{pid}.json" -- "$junit_module"
    run agent+junit+fail "-javaagent:$agent=quiet,report=$work/fail-{pid}.json" \
        -Djunit.jupiter.extensions.autodetection.enabled=true -Dunclosed.junit.failLeakingTests=true -- "$junit_module"
done
echo "reports in $work"
