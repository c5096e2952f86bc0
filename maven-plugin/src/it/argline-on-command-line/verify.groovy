// Runs after the sample's build: basedir is the sample's copy, build.log what Maven printed.
def log = new File(basedir, 'build.log').text
def expect = { boolean ok, String what -> if (!ok) throw new AssertionError(what) }

expect(log.contains('Tests run: 1, Failures: 0, Errors: 0'), 'the test JVM had the command line\'s argLine')
expect(log.contains('allocated at ReaderTest.java:19 in sample.ReaderTest.readsTheFirstByte'), 'and the agent, which found the leak')
