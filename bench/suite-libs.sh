# Sourced by suite.sh and suite-forks.sh: fetches Apache Commons Lang 3.17.0's tests jar and what its tests need
# from Maven Central into bench/target/suite/libs, and sets the paths both scripts use. AGENT_JAR and JUNIT_JAR, if
# set, name the jars to run instead of those built in agent/target and junit5/target.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$root/bench/target/suite"
libs="$work/libs"
mkdir -p "$libs"
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
java_feature="$("$java_bin" -XshowSettings:properties -version 2>&1 | sed -n 's/ *java.specification.version = //p')"

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

agent="${AGENT_JAR:-$root/agent/target/unclosed-agent.jar}"
junit_module="${JUNIT_JAR:-$(ls "$root"/junit5/target/unclosed-junit5-*.jar | grep -v -e sources -e javadoc | head -1)}"
tests_jar="$libs/commons-lang3-3.17.0-tests.jar"
class_path="$(ls "$libs"/*.jar | grep -v console-standalone | tr '\n' ':')"
console="$libs/junit-platform-console-standalone-1.11.4.jar"
# As the project's own build runs its tests: -Xmx512m and these --add-opens (its pom's argLine).
project_jvm=(-Xmx512m --add-opens java.base/java.lang.reflect=ALL-UNNAMED --add-opens java.base/java.lang=ALL-UNNAMED
    --add-opens java.base/java.util=ALL-UNNAMED)

# CPU seconds (user + sys) of a `time` line "user sys real", and the 1-minute load average now.
cpu_of() { awk '{printf "%.1f", $1 + $2}' <<<"$1"; }
load_now() { cut -d' ' -f1 /proc/loadavg; }
ratio() { awk -v a="$1" -v b="${2:-0}" 'BEGIN {if (b > 0) printf "%.2fx", a / b; else printf "-"}'; }
