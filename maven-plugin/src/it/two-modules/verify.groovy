// Runs after the sample's build: basedir is the sample's copy, build.log what Maven printed.
def log = new File(basedir, 'build.log').text
def reports = { String dir -> (new File(basedir, dir).listFiles({ f -> f.name.endsWith('.json') } as FileFilter) ?: []) as List }
def expect = { boolean ok, String what -> if (!ok) throw new AssertionError(what) }

expect(reports('a/target/unclosed').size() == 1 && reports('b/target/unclosed').size() == 1, 'each module has its own report')
expect(log.contains('PASSED: no failing finding'), 'module a passes')
expect(log.contains('allocated at ReaderTest.java:18 in sample.b.ReaderTest.readsTheFirstByte'), 'module b fails on its leak')
