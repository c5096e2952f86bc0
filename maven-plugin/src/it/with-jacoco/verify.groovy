// Runs after the sample's build: basedir is the sample's copy, build.log what Maven printed.
def log = new File(basedir, 'build.log').text
def reports = { String dir -> (new File(basedir, dir).listFiles({ f -> f.name.endsWith('.json') } as FileFilter) ?: []) as List }
def expect = { boolean ok, String what -> if (!ok) throw new AssertionError(what) }

expect(new File(basedir, 'target/jacoco.exec').length() > 0, 'JaCoCo wrote its coverage')
expect(reports('target/unclosed').size() == 1, 'unclosed wrote its report')
expect(log.contains('allocated at ReaderTest.java:18 in sample.ReaderTest.readsTheFirstByte'), 'the leak is found under both agents')
expect((log =~ /unclosed: argLine set to -agentlib:instrument=\S+ -javaagent:\S+jacoco/).find(),
        'unclosed\'s agent first, JaCoCo\'s -javaagent kept after it')
