package dev.unclosed.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.Objects;

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

    // equals and hashCode written out: a record's own link through invokedynamic on first use, which cost the agent
    // 10 to 30 ms of Java 25's method handle spinning when its first leak was reported.

    @Override
    public boolean equals(Object other) {
        return other instanceof Frame f && lineNumber == f.lineNumber && Objects.equals(className, f.className)
                && Objects.equals(methodName, f.methodName) && Objects.equals(fileName, f.fileName);
    }

    @Override
    public int hashCode() {
        return ((Objects.hashCode(className) * 31 + Objects.hashCode(methodName)) * 31 + Objects.hashCode(fileName)) * 31
                + lineNumber;
    }

    /** {@code com.acme.FileHandler.open(FileHandler.java:12)}, as in a Java stack trace. */
    @Override
    public String toString() {
        return className + "." + methodName + "(" + (fileName == null ? "Unknown Source" : location()) + ")";
    }
}
