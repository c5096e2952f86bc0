// Runs after the sample's build: basedir is the sample's copy, build.log what Maven printed.
def log = new File(basedir, 'build.log').text
def reports = { String dir -> (new File(basedir, dir).listFiles({ f -> f.name.endsWith('.json') } as FileFilter) ?: []) as List }
def expect = { boolean ok, String what -> if (!ok) throw new AssertionError(what) }

expect(reports('target/unclosed').size() == 2, 'one report per test JVM, Surefire\'s and Failsafe\'s: ' + reports('target/unclosed'))
expect(log.contains('unclosed check: 2 reports'), 'check read both reports')
expect(log.contains('unclosed: 1 resource leak fails the check:'), 'the build fails on the leak')
expect(log.contains('- 1 x java.io.FileInputStream collected without close(), allocated at ReaderTest.java:18 in sample.ReaderTest.readsTheFirstByte'),
        'the failure names the leak\'s line')
expect(log.contains('allocated at ReaderTest.java:18 in sample.ReaderTest.readsTheFirstByte; leaked by 1 test: sample.ReaderTest.readsTheFirstByte (1)'),
        'and the test that leaked it')
expect((log =~ /unclosed: argLine set to -agentlib:instrument=\S+unclosed-agent-[^=]+\.jar=report=/).find(),
        'the test JVMs load the agent with -agentlib:instrument, the default')
