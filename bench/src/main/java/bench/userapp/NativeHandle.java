package bench.userapp;

import java.io.Closeable;

/**
 * Stands for an application class that holds a native resource, declared to the agent with
 * {@code resources=bench.userapp.*Handle}. It lives outside {@code dev.unclosed.*} because the agent never
 * instruments its own packages; it holds no real resource, so a million can be open at once.
 */
public final class NativeHandle implements Closeable {

    private final long id;
    private boolean closed;

    public NativeHandle(long id) {
        this.id = id;
    }

    public long id() {
        return id;
    }

    @Override
    public void close() {
        closed = true;
    }

    public boolean isClosed() {
        return closed;
    }
}
