// Runs after the sample's build: basedir is the sample's copy, build.log what Maven printed.
def log = new File(basedir, 'build.log').text
def reports = { String dir -> (new File(basedir, dir).listFiles({ f -> f.name.endsWith('.json') } as FileFilter) ?: []) as List }
def expect = { boolean ok, String what -> if (!ok) throw new AssertionError(what) }

expect(reports('target/unclosed').size() == 1, 'the test JVM wrote its report')
expect(log.contains('PASSED: no failing finding'), 'check passed')
expect(log.contains('BUILD SUCCESS'), 'the build passed')
expect((log =~ /unclosed: argLine set to -javaagent:\S+unclosed-agent-[^=]+\.jar=report=/).find(),
        'agentFlag=javaagent: the test JVMs load the agent with -javaagent')
