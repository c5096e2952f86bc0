package dev.unclosed.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * One way a finding's objects were allocated: a distinct allocation stack, and how many of the finding's objects
 * came that way. A finding from one call site reached by several callers (a helper called from many tests) has one
 * path per caller chain.
 *
 * @param count    how many of the finding's objects came this way
 * @param stack    frames, innermost first
 * @param complete false when the stack ends at the site: these objects shared their site's stack, so only the frames
 *                 from the site inward are known to be theirs (see docs/options.md, {@code stacks})
 * @param owned    what the first object that came this way held, with where each was opened (see {@link Leak#owned})
 */
@JsonPropertyOrder({"count", "complete", "stack", "owned"})
public record LeakPath(
        @JsonProperty(value = "count", required = true) long count,
        @JsonProperty("complete") boolean complete,
        @JsonProperty(value = "stack", required = true) List<Frame> stack,
        @JsonProperty("owned") List<OwnedObject> owned) {

    public LeakPath {
        stack = stack == null ? List.of() : List.copyOf(stack);
        owned = owned == null ? List.of() : List.copyOf(owned);
    }

    public LeakPath(long count, boolean complete, List<Frame> stack) {
        this(count, complete, stack, List.of());
    }

    public LeakPath withCount(long newCount) {
        return new LeakPath(newCount, complete, stack, owned);
    }
}
