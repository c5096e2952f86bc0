#!/usr/bin/env bash
# Builds the published jars twice from scratch and compares them byte for byte: the same commit must give the same
# artifacts (project.build.outputTimestamp in pom.xml). Exits 1 and names the jars that differ.
set -euo pipefail
cd "$(dirname "$0")/.."
MVN="mvn -B -q -Dstyle.color=never -DskipTests -P release"
first=$(mktemp -d)
trap 'rm -rf "$first"' EXIT
jars() {
  ls agent-bootstrap/target/*.jar report/target/*.jar cli/target/*.jar agent/target/unclosed-agent*.jar \
     junit5/target/*.jar $(ls maven-plugin/target/*.jar 2>/dev/null) | grep -v '/original-'
}
$MVN clean package
for jar in $(jars); do mkdir -p "$first/$(dirname "$jar")"; cp "$jar" "$first/$jar"; done
$MVN clean package
status=0
for jar in $(jars); do
  if cmp -s "$jar" "$first/$jar"; then
    echo "same      $jar"
  else
    echo "DIFFERENT $jar"
    status=1
  fi
done
[ $status -eq 0 ] && echo "reproducible: every jar is the same in both builds" || echo "not reproducible: see the jars above"
exit $status
