package dev.unclosed.scenarios;

import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;

/**
 * Holds two streams open and drops three, then reads the agent's bean from its own platform MBean server once the
 * three are judged: prints {@code leaked N}, {@code openByType {...}}, {@code leakedByType {...}}, then
 * {@code ready PID}, and waits for {@code exit} on its standard input (another JVM may read the bean meanwhile).
 */
public class WatchedByJmx {
    static final List<FileInputStream> held = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        for (int i = 0; i < 2; i++) {
            held.add(new FileInputStream(Scratch.file("held.txt"))); // @leak held
        }
        for (int i = 0; i < 3; i++) {
            drop();
        }
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName tracker = new ObjectName("dev.unclosed:type=Tracker");
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline && (!server.isRegistered(tracker) || (Long) server.getAttribute(tracker, "Leaked") < 3)) {
            System.gc();
            Thread.sleep(100);
        }
        System.out.println("leaked " + (server.isRegistered(tracker) ? server.getAttribute(tracker, "Leaked") : "unregistered"));
        System.out.println("openByType " + map((TabularData) server.getAttribute(tracker, "OpenByType")));
        System.out.println("leakedByType " + map((TabularData) server.getAttribute(tracker, "LeakedByType")));
        System.out.println("ready " + ProcessHandle.current().pid());
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        for (String line = in.readLine(); line != null && !line.equals("exit"); line = in.readLine()) {
            // wait
        }
    }

    static TreeMap<Object, Object> map(TabularData table) {
        TreeMap<Object, Object> map = new TreeMap<>();
        for (Object row : table.values()) {
            map.put(((CompositeData) row).get("key"), ((CompositeData) row).get("value"));
        }
        return map;
    }

    private static void drop() throws Exception {
        new FileInputStream(Scratch.file("dropped.txt")).read(); // @leak dropped
    }
}
