package dev.unclosed.agent.tracking;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A test hook, not an option: failures injected on purpose, to show that none of them reaches the application.
 * Set with the system property {@value #PROPERTY}, a ';'-separated list of {@code point:value}:
 * {@code constructed:CLASS} and {@code closing:CLASS} throw in the tracker for objects of that class,
 * {@code oom:CLASS} throws an {@code OutOfMemoryError} there, {@code transform:CLASS} fails that class's
 * instrumentation, {@code reaper:N} fails every Nth collected object the reaper handles. Unset (always, outside
 * the agent's own tests), {@link #ACTIVE} is a constant false and the checks compile away.
 */
public final class Faults {

    public static final String PROPERTY = "dev.unclosed.faults";
    public static final boolean ACTIVE;
    private static final String CONSTRUCTED;
    private static final String CLOSING;
    private static final String OOM;
    private static final String TRANSFORM;
    private static final long REAPER_EVERY;
    private static final AtomicLong reaped = new AtomicLong();

    static {
        String constructed = null;
        String closing = null;
        String oom = null;
        String transform = null;
        long reaper = 0;
        String spec = System.getProperty(PROPERTY);
        if (spec != null) {
            for (String entry : spec.split(";")) {
                int colon = entry.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String point = entry.substring(0, colon).trim();
                String value = entry.substring(colon + 1).trim();
                switch (point) {
                    case "constructed" -> constructed = value;
                    case "closing" -> closing = value;
                    case "oom" -> oom = value;
                    case "transform" -> transform = value.replace('.', '/');
                    case "reaper" -> reaper = Long.parseLong(value);
                    default -> { }
                }
            }
        }
        CONSTRUCTED = constructed;
        CLOSING = closing;
        OOM = oom;
        TRANSFORM = transform;
        REAPER_EVERY = reaper;
        ACTIVE = spec != null;
    }

    private Faults() {
    }

    static void constructed(Object self) {
        String name = self.getClass().getName();
        if (name.equals(CONSTRUCTED)) {
            throw new IllegalStateException("injected fault in the tracker: constructed " + name);
        }
        if (name.equals(OOM)) {
            throw new OutOfMemoryError("injected: tracking " + name);
        }
    }

    static void closing(Object self) {
        if (self.getClass().getName().equals(CLOSING)) {
            throw new IllegalStateException("injected fault in the tracker: closing " + self.getClass().getName());
        }
    }

    static void reaped() {
        if (REAPER_EVERY > 0 && reaped.incrementAndGet() % REAPER_EVERY == 0) {
            throw new IllegalStateException("injected fault in the reaper");
        }
    }

    /** Called by the transformer with the internal name of the class it is about to instrument. */
    public static void transforming(String internalName) {
        if (internalName.equals(TRANSFORM)) {
            throw new IllegalStateException("injected fault in the transformer: " + internalName);
        }
    }
}
