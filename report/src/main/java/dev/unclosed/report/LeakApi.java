package dev.unclosed.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The public JDK call that made a finding's object, where its {@code type} is an internal implementation class
 * ({@code sun.nio.fs.UnixSecureDirectoryStream}) that the user never wrote: what they called and what it returned.
 *
 * @param call the public method, {@code java.nio.file.Files.newDirectoryStream}
 * @param type the public type it is known by, {@code java.nio.file.DirectoryStream}; null when none was found
 */
@JsonPropertyOrder({"call", "type"})
public record LeakApi(
        @JsonProperty(value = "call", required = true) String call,
        @JsonProperty("type") String type) {

    /** {@code java.nio.file.Files.newDirectoryStream (a java.nio.file.DirectoryStream)}. */
    public String describe() {
        return type == null ? call : call + " (a " + type + ")";
    }
}
