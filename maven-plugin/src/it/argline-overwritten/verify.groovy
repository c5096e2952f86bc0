// Runs after the sample's build: basedir is the sample's copy, build.log what Maven printed.
def log = new File(basedir, 'build.log').text
def reports = { String dir -> (new File(basedir, dir).listFiles({ f -> f.name.endsWith('.json') } as FileFilter) ?: []) as List }
def expect = { boolean ok, String what -> if (!ok) throw new AssertionError(what) }

expect(reports('target/unclosed').isEmpty(), 'the test JVM ran without the agent')
expect(log.contains('unclosed: tests ran (surefire-reports has results) but no test JVM wrote a leak report'), 'check says the agent is missing')
expect(log.contains('<argLine>@{argLine} -Xmx1g</argLine>'), 'and how to keep it')
