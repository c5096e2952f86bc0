package dev.unclosed.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.Comparator;

/**
 * A test that a finding's objects were created in (reported when the JVM ran tests with the unclosed JUnit module),
 * and how many of them.
 *
 * @param id          the JUnit Platform unique id of the test, or of its class when the objects were made in the
 *                    class's own lifecycle ({@code @BeforeAll}, static initializers)
 * @param displayName the name the test runner shows
 * @param className   the test class, as {@code Class.getName()}; null when the test has no class (a dynamic engine)
 * @param methodName  the test method; null for objects made in the class's lifecycle
 * @param count       how many of the finding's objects this test created
 */
@JsonPropertyOrder({"id", "displayName", "className", "methodName", "count"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LeakTest(
        @JsonProperty(value = "id", required = true) String id,
        @JsonProperty("displayName") String displayName,
        @JsonProperty("className") String className,
        @JsonProperty("methodName") String methodName,
        @JsonProperty(value = "count", required = true) long count) {

    /** Most objects first, then by id, so that the order does not depend on the order leaks were found in. */
    public static final Comparator<LeakTest> MOST_OBJECTS_FIRST =
            Comparator.comparingLong(LeakTest::count).reversed().thenComparing(LeakTest::id);

    public LeakTest withCount(long newCount) {
        return new LeakTest(id, displayName, className, methodName, newCount);
    }

    /** {@code Class.method} for a test method, the class alone for its lifecycle, else the display name. */
    public String qualifiedName() {
        if (className == null) {
            return displayName != null ? displayName : id;
        }
        return methodName == null ? className : className + "." + methodName;
    }
}
