// Runs after the sample's build: basedir is the sample's copy, build.log what Maven printed.
def log = new File(basedir, 'build.log').text
def reports = { String dir -> (new File(basedir, dir).listFiles({ f -> f.name.endsWith('.json') } as FileFilter) ?: []) as List }
def expect = { boolean ok, String what -> if (!ok) throw new AssertionError(what) }

expect(reports('target/unclosed').size() == 1, 'one test JVM, one report')
expect(log.contains('unclosed: 2 resource leaks fail the check:'), 'both leaks fail')
expect(log.contains('allocated at FirstTest.java:18 in sample.FirstTest.leaksInTheFirstClass; leaked by 1 test: sample.FirstTest.leaksInTheFirstClass (1)'),
        'the first leak is named at its line, with its test')
expect(log.contains('allocated at SecondTest.java:19 in sample.SecondTest.leaksInTheSecondClass; leaked by 1 test: sample.SecondTest.leaksInTheSecondClass (1)'),
        'the second leak is named at its line, with its test')

def threads = reports('target/unclosed').collectMany { new groovy.json.JsonSlurper().parse(it).leaks*.thread } as Set
expect(threads.size() == 2 && threads.every { it.startsWith('ForkJoinPool') }, 'the two tests ran on JUnit\'s parallel workers: ' + threads)
