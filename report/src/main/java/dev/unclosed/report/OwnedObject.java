package dev.unclosed.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * One object a leaked object held, down the {@code owns} chain, with where it was opened. A channel a test opened
 * and handed to a library that wrapped it is reported as the library's wrapper; this says where the channel came
 * from.
 *
 * @param type  its class, as in {@code owns}
 * @param site  its own allocation site; null when stacks are off
 * @param stack its own allocation stack, innermost first, when its site is not the finding's; else empty (the
 *              finding's stack tells)
 */
@JsonPropertyOrder({"type", "site", "stack"})
public record OwnedObject(
        @JsonProperty(value = "type", required = true) String type,
        @JsonProperty("site") Frame site,
        @JsonProperty("stack") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Frame> stack) {

    public OwnedObject {
        stack = stack == null ? List.of() : List.copyOf(stack);
    }
}
