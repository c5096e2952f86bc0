package dev.unclosed.agent.views;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** One leak as it is found, on the recording's timeline. Loaded only once a flight recorder runs. */
@Name("dev.unclosed.Leak")
@Label("Resource Leak")
@Category({"unclosed"})
@Description("A closeable collected without close() (kind gc) or still open at exit (kind exit), reported as the "
        + "object that should have been closed")
@StackTrace(false) // the reaper's own stack says nothing: the allocation stack is a field
final class LeakEvent extends jdk.jfr.Event {

    @Label("Type")
    @Description("The leaked object's class, the outermost unclosed owner")
    String type;

    @Label("Kind")
    @Description("gc: collected without close(); exit: still open at JVM exit")
    String kind;

    @Label("Site")
    @Description("The frame that created it")
    String site;

    @Label("Allocation Stack")
    @Description("Where it was created, innermost frame first, one per line")
    String stack;

    @Label("Owns")
    @Description("What it held, outermost first")
    String owns;

    @Label("Count")
    @Description("Instances of this finding (type, kind and site) so far, this one included")
    long count;

    @Label("Allocating Thread")
    String allocatingThread;

    @Label("Finding Id")
    @Description("The finding's id in the JSON report")
    String id;
}
