// Runs after the sample's build: basedir is the sample's copy, build.log what Maven printed.
def log = new File(basedir, 'build.log').text
def reports = { String dir -> (new File(basedir, dir).listFiles({ f -> f.name.endsWith('.json') } as FileFilter) ?: []) as List }
def expect = { boolean ok, String what -> if (!ok) throw new AssertionError(what) }

expect(log.contains('baseline 1 x java.io.FileInputStream collected without close()'), 'the leak is shown as baselined')
expect(log.contains('PASSED: no failing finding'), 'the baselined leak passes')
