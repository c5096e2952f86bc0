package dev.unclosed.agent.views;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;

/** The tracker's counts, once a second while recording (JFR calls the hook; nothing runs otherwise). */
@Name("dev.unclosed.Statistics")
@Label("Resource Tracking Statistics")
@Category({"unclosed"})
@Period("1 s")
@StackTrace(false)
final class StatisticsEvent extends jdk.jfr.Event {

    @Label("Tracked")
    @Description("Closeables tracked since the agent started")
    long tracked;

    @Label("Open")
    @Description("Tracked objects neither closed nor collected yet, inner layers included")
    long open;

    @Label("Closed")
    @Description("Tracked objects closed")
    long closed;

    @Label("Leaked")
    @Description("Leaks reported as collected without close()")
    long leaked;
}
