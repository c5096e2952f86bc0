package dev.unclosed.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One command's arguments: options that take a value ({@code --max 3} or {@code --max=3}), switches
 * ({@code --quiet}) and operands. {@code --} ends the options, for a report whose name starts with a dash.
 * Hand-written so that the agent jar carries no command-line library.
 */
final class Arguments {

    private final String command;
    private final Map<String, String> values;
    private final Set<String> switches;
    private final List<String> operands;

    private Arguments(String command, Map<String, String> values, Set<String> switches, List<String> operands) {
        this.command = command;
        this.values = values;
        this.switches = switches;
        this.operands = operands;
    }

    /** True when {@code --help} or {@code -h} is among the options, whatever else is wrong with them. */
    static boolean asksForHelp(List<String> args) {
        for (String arg : args) {
            if (arg.equals("--")) {
                return false;
            }
            if (arg.equals("--help") || arg.equals("-h")) {
                return true;
            }
        }
        return false;
    }

    static Arguments parse(String command, List<String> args, Set<String> valueOptions, Set<String> switchOptions)
            throws UsageException {
        Map<String, String> values = new LinkedHashMap<>();
        Set<String> switches = new java.util.HashSet<>();
        List<String> operands = new ArrayList<>();
        boolean optionsEnded = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (optionsEnded || !arg.startsWith("-") || arg.equals("-")) {
                operands.add(arg);
                continue;
            }
            if (arg.equals("--")) {
                optionsEnded = true;
                continue;
            }
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg : arg.substring(0, eq);
            if (valueOptions.contains(name)) {
                String value;
                if (eq >= 0) {
                    value = arg.substring(eq + 1);
                } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                    value = args.get(++i);
                } else {
                    throw new UsageException(command + ": option " + name + " needs a value");
                }
                if (value.isEmpty()) {
                    throw new UsageException(command + ": option " + name + " needs a value");
                }
                if (values.putIfAbsent(name, value) != null) {
                    throw new UsageException(command + ": option " + name + " given twice");
                }
            } else if (switchOptions.contains(name)) {
                if (eq >= 0) {
                    throw new UsageException(command + ": option " + name + " takes no value");
                }
                switches.add(name);
            } else {
                java.util.List<String> known = new ArrayList<>(valueOptions);
                known.addAll(switchOptions);
                known.add("--help");
                String nearest = dev.unclosed.report.NearestName.of(name, known);
                throw new UsageException(command + ": unknown option " + name + (nearest == null ? "" : " (did you mean " + nearest + "?)"));
            }
        }
        return new Arguments(command, values, switches, operands);
    }

    Optional<String> value(String option) {
        return Optional.ofNullable(values.get(option));
    }

    String required(String option) throws UsageException {
        String value = values.get(option);
        if (value == null) {
            throw new UsageException(command + ": option " + option + " FILE is required");
        }
        return value;
    }

    /** A whole number of at least 0, or {@code defaultValue} when the option is absent. */
    int count(String option, int defaultValue) throws UsageException {
        String value = values.get(option);
        if (value == null) {
            return defaultValue;
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below, with what was expected
        }
        throw new UsageException(command + ": option " + option + " expects a whole number >= 0, not '" + value + "'");
    }

    boolean has(String switchOption) {
        return switches.contains(switchOption);
    }

    /** The operands, as given. */
    List<String> operands() {
        return operands;
    }

    /** The reports to read; at least one is needed by every command. */
    List<String> reports() throws UsageException {
        if (operands.isEmpty()) {
            throw new UsageException(command + ": no REPORT given (a file, a directory or a quoted glob pattern)");
        }
        return operands;
    }
}
