package dev.unclosed.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** One stack frame. {@code fileName} may be null and {@code lineNumber} negative when the class has no debug info. */
@JsonPropertyOrder({"className", "methodName", "fileName", "lineNumber"})
public record Frame(
        @JsonProperty(value = "className", required = true) String className,
        @JsonProperty(value = "methodName", required = true) String methodName,
        @JsonProperty("fileName") String fileName,
        @JsonProperty("lineNumber") int lineNumber) {

    /** {@code FileHandler.java:12}, as a developer types it into an editor. */
    public String location() {
        if (fileName == null) {
            return className;
        }
        return lineNumber > 0 ? fileName + ":" + lineNumber : fileName;
    }

    /** {@code com.acme.FileHandler.open(FileHandler.java:12)}, as in a Java stack trace. */
    @Override
    public String toString() {
        return className + "." + methodName + "(" + (fileName == null ? "Unknown Source" : location()) + ")";
    }
}
