# The two commands a newcomer needs: `make demo` and `make test`. Everything builds with Maven from Maven Central.
# -Dstyle.color=never: Maven colors even in batch mode, and a log that does not take it shows stray [0m codes
# (the reset codes Maven 3.8 prints at start and end even in quiet mode are off in .mvn/jvm.config: jansi.noreset).
MVN ?= mvn -B -q -Dstyle.color=never
# Tests print Surefire's and Failsafe's counts, which quiet mode would hide.
MVN_TEST ?= mvn -B -ntp -Dstyle.color=never
AGENT_JAR := agent/target/unclosed-agent.jar
DEMO_JAR := demo-app/target/unclosed-demo.jar
DEMO_REPORT := demo-app/target/unclosed-report.json
DEMO_HTML := demo-app/target/unclosed-report.html

.PHONY: agent demo test bench release reproducible clean

## agent: build agent/target/unclosed-agent.jar quickly, without tests
agent:
	$(MVN) -Dmaven.test.skip=true -pl agent -am package

## demo: build the agent and the demo app, run the demo under the agent, check its report as CI would, write it as a page
demo:
	$(MVN) -Dmaven.test.skip=true -pl agent,demo-app -am package
	java -javaagent:$(AGENT_JAR)=report=$(DEMO_REPORT) -jar $(DEMO_JAR)
	@echo
	@echo "== java -jar $(AGENT_JAR) check $(DEMO_REPORT)"
	@java -jar $(AGENT_JAR) check $(DEMO_REPORT); status=$$?; \
	  echo; echo "check exited $$status: in CI, these leaks would fail the build (0 = clean, 1 = leaks, 2 = bad report)."; \
	  [ $$status -le 1 ]
	@java -jar $(AGENT_JAR) html $(DEMO_REPORT) --output $(DEMO_HTML) >/dev/null
	@echo; echo "To look at the leaks: open file://$(abspath $(DEMO_HTML))"

## test: every test: unit tests, then end-to-end tests in forked JVMs under the built jar (Java 17, and 25 if present)
test:
	$(MVN_TEST) verify

## bench: JMH benchmarks with and without the agent, side by side (see docs/performance.md)
bench:
	bash bench/run.sh

## release: the published jars with their sources and javadoc jars (what Maven Central needs; see docs/releasing.md)
release:
	$(MVN) -P release -DskipTests package
	@ls agent-bootstrap/target/*.jar report/target/*.jar cli/target/*.jar agent/target/unclosed-agent*.jar junit5/target/*.jar maven-plugin/target/*.jar | grep -v /original-

## reproducible: builds twice from scratch and compares the jars byte for byte
reproducible:
	bash scripts/check-reproducible.sh

clean:
	$(MVN) clean
