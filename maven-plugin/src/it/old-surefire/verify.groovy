// Runs after the sample's build: basedir is the sample's copy, build.log what Maven printed.
def log = new File(basedir, 'build.log').text
def expect = { boolean ok, String what -> if (!ok) throw new AssertionError(what) }

expect(log.contains('unclosed: test JVMs ran under the agent, but no test ran (compiled test classes in '), 'check fails when no test ran')
expect(log.contains('pin Surefire and Failsafe to 3.x'), 'and names the likely cause')
