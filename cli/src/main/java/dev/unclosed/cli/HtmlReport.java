package dev.unclosed.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.unclosed.cli.LeakCheck.Finding;
import dev.unclosed.cli.LeakCheck.Result;
import dev.unclosed.report.AtomicFiles;
import dev.unclosed.report.Frame;
import dev.unclosed.report.Leak;
import dev.unclosed.report.LeakReport;
import dev.unclosed.report.LeakTest;
import dev.unclosed.report.OwnedObject;
import dev.unclosed.report.ReportFiles;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One self-contained HTML page for people: the summary, a chart of leaks by type and kind, and the findings grouped
 * by site, sortable and filterable, each with its folded stack, what it owned and the tests that leaked it.
 *
 * <p>No CDN, no font, no request of any kind: the page is opened from a CI artifact or {@code file://}. Everything
 * but the stacks is plain HTML, readable without its script. Stacks travel as one table of distinct frames and
 * per-finding indexes, drawn when a finding is opened: a report with thousands of findings would otherwise be tens of
 * megabytes of list items that nobody unfolds.
 */
final class HtmlReport {

    /** Findings opened when the page loads, if there are at most this many; a long page starts folded. */
    static final int OPEN_WHEN_AT_MOST = 20;
    /** Types drawn in the chart; the rest are summed into one bar. */
    static final int CHART_TYPES = 12;

    /** The flags of a frame in the embedded stacks; the script reads them (see html-report.js). */
    static final int SHOWN = 1;
    static final int APPLICATION = 2;
    static final int SITE = 4;
    static final int JDK = 8;

    private final Result result;
    private final int reportCount;
    private final StringBuilder html = new StringBuilder(64 * 1024);

    private HtmlReport(Result result, int reportCount) {
        this.result = result;
        this.reportCount = reportCount;
    }

    static void write(Result result, int reportCount, Path file) throws IOException {
        byte[] page = render(result, reportCount).getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, out -> out.write(page));
    }

    static String render(Result result, int reportCount) {
        return new HtmlReport(result, reportCount).page();
    }

    private String page() {
        LeakReport report = result.report();
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>unclosed: ").append(LeakText.plural(report.leaks().size(), "finding")).append(", ")
                .append(result.failed() ? "FAILED" : "PASSED").append("</title>\n<style>\n").append(resource("html-report.css"))
                .append("</style>\n</head>\n<body>\n");
        header(report);
        summary(report);
        chart(report);
        controls(report);
        findings();
        fixed();
        html.append("<script type=\"application/json\" id=\"stacks\">").append(stacksJson()).append("</script>\n")
                .append("<script>\n").append(resource("html-report.js")).append("</script>\n</body>\n</html>\n");
        return html.toString();
    }

    private void header(LeakReport report) {
        html.append("<header>\n<h1>unclosed leak report</h1>\n<p class=\"meta\">")
                .append(esc(report.tool().name() + " " + report.tool().version())).append(" · ")
                .append(esc("Java " + report.jvm().version() + " (" + report.jvm().vendor() + ")"))
                .append(reportCount == 1 ? " · pid " + report.jvm().pid() : "")
                .append(" · finished ").append(esc(report.finishedAt())).append("</p>\n")
                .append("<p class=\"verdict ").append(result.failed() ? "failed" : "passed").append("\" id=\"verdict\">")
                .append(result.failed() ? "FAILED" : "PASSED").append(": ")
                .append(esc(LeakText.plural(result.failing(), "failing finding"))).append(" (--fail-on ")
                .append(esc(result.options().failOn().toString())).append(", --max ").append(result.options().max())
                .append(result.options().baseline() != null ? ", with a baseline" : "").append(")</p>\n</header>\n");
    }

    private void summary(LeakReport report) {
        LeakReport.Summary s = report.summary();
        html.append("<section id=\"summary\" aria-label=\"summary\">\n");
        stat("tracked", "tracked", s.tracked());
        stat("closed", "closed", s.closed());
        stat("leaked", "leaked (gc)", s.leaked());
        stat("openAtExit", "open at exit", s.openAtExit());
        stat("jvms", "JVMs merged", reportCount);
        stat("agentErrors", "agent errors", s.agentErrors());
        stat("findings", "findings", report.leaks().size());
        html.append("</section>\n");
        if (s.sampleRate() > 1) {
            html.append("<p class=\"note\">sample=").append(s.sampleRate()).append(": one instance in ").append(s.sampleRate())
                    .append(" was tracked; counts are of that sample.</p>\n");
        }
    }

    private void stat(String id, String label, long value) {
        html.append("<div class=\"stat\" id=\"stat-").append(id).append("\"><span class=\"value\">").append(value)
                .append("</span><span class=\"label\">").append(label).append("</span></div>\n");
    }

    /** Horizontal bars, one per type (most instances first), split by kind. */
    private void chart(LeakReport report) {
        if (report.leaks().isEmpty()) {
            html.append("<p id=\"clean\" class=\"note\">No leaks: every tracked object was closed.</p>\n");
            return;
        }
        Map<String, Map<String, Long>> byType = new HashMap<>();
        Map<String, Long> totals = new HashMap<>();
        List<String> kinds = new ArrayList<>();
        for (Leak leak : report.leaks()) {
            byType.computeIfAbsent(leak.type(), t -> new TreeMap<>()).merge(leak.kind(), leak.count(), Long::sum);
            totals.merge(leak.type(), leak.count(), Long::sum);
            if (!kinds.contains(leak.kind())) {
                kinds.add(leak.kind());
            }
        }
        kinds.sort((a, b) -> Integer.compare(kindOrder(a), kindOrder(b)) != 0 ? Integer.compare(kindOrder(a), kindOrder(b)) : a.compareTo(b));
        List<String> types = new ArrayList<>(byType.keySet());
        types.sort((a, b) -> totals.get(b).equals(totals.get(a)) ? a.compareTo(b) : Long.compare(totals.get(b), totals.get(a)));
        Map<String, Map<String, Long>> bars = new LinkedHashMap<>();
        for (int i = 0; i < types.size(); i++) {
            if (i < CHART_TYPES || types.size() == CHART_TYPES + 1) {
                bars.put(types.get(i), byType.get(types.get(i)));
            } else {
                Map<String, Long> rest = bars.computeIfAbsent("(" + (types.size() - CHART_TYPES) + " more types)", t -> new TreeMap<>());
                byType.get(types.get(i)).forEach((k, n) -> rest.merge(k, n, Long::sum));
            }
        }
        long max = 1;
        for (Map<String, Long> bar : bars.values()) {
            max = Math.max(max, bar.values().stream().mapToLong(Long::longValue).sum());
        }
        int label = 330;
        int width = 760;
        int barArea = width - label - 60;
        int rowHeight = 22;
        int height = bars.size() * rowHeight + 30;
        html.append("<section id=\"chart\" aria-label=\"leaks by type and kind\">\n<h2>Leaked instances by type and kind</h2>\n")
                .append("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"").append(width).append("\" height=\"")
                .append(height).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height).append("\">\n");
        int y = 0;
        for (Map.Entry<String, Map<String, Long>> bar : bars.entrySet()) {
            String type = bar.getKey();
            html.append("<g class=\"bar\" data-type=\"").append(esc(type)).append("\"><text class=\"type\" x=\"").append(label - 8)
                    .append("\" y=\"").append(y + 15).append("\" text-anchor=\"end\">").append(esc(shortType(type)))
                    .append("<title>").append(esc(type)).append("</title></text>");
            double x = label;
            long sum = 0;
            for (String kind : kinds) {
                Long n = bar.getValue().get(kind);
                if (n == null) {
                    continue;
                }
                double w = Math.max(2, barArea * (double) n / max);
                html.append("<rect class=\"k-").append(cssName(kind)).append("\" data-kind=\"").append(esc(kind))
                        .append("\" data-count=\"").append(n).append("\" x=\"").append(fmt(x)).append("\" y=\"").append(y + 3)
                        .append("\" width=\"").append(fmt(w)).append("\" height=\"16\"><title>").append(esc(type)).append(": ")
                        .append(n).append(' ').append(esc(kind)).append("</title></rect>");
                x += w;
                sum += n;
            }
            html.append("<text class=\"n\" x=\"").append(fmt(x + 6)).append("\" y=\"").append(y + 15).append("\">").append(sum)
                    .append("</text></g>\n");
            y += rowHeight;
        }
        int lx = label;
        for (String kind : kinds) {
            html.append("<rect class=\"k-").append(cssName(kind)).append("\" x=\"").append(lx).append("\" y=\"").append(y + 8)
                    .append("\" width=\"12\" height=\"12\"/><text x=\"").append(lx + 16).append("\" y=\"").append(y + 19).append("\">")
                    .append(esc(kind)).append("</text>\n");
            lx += 90;
        }
        html.append("</svg>\n</section>\n");
    }

    private void controls(LeakReport report) {
        if (report.leaks().isEmpty()) {
            return;
        }
        List<String> kinds = new ArrayList<>();
        for (Leak leak : report.leaks()) {
            if (!kinds.contains(leak.kind())) {
                kinds.add(leak.kind());
            }
        }
        kinds.sort((a, b) -> Integer.compare(kindOrder(a), kindOrder(b)) != 0 ? Integer.compare(kindOrder(a), kindOrder(b)) : a.compareTo(b));
        html.append("<nav id=\"controls\">\n<span class=\"group\">Sort by <a href=\"#sort=count\" data-sort=\"count\">count</a> ")
                .append("<a href=\"#sort=type\" data-sort=\"type\">type</a> <a href=\"#sort=kind\" data-sort=\"kind\">kind</a></span>\n")
                .append("<span class=\"group\">Kinds ");
        for (String kind : kinds) {
            html.append("<label><input type=\"checkbox\" class=\"kind-filter\" value=\"").append(esc(kind)).append("\" checked> ")
                    .append("<span class=\"kind k-").append(cssName(kind)).append("\">").append(esc(kind)).append("</span></label> ");
        }
        html.append("</span>\n<input type=\"search\" id=\"filter\" placeholder=\"filter: type, file, method, test, id\" aria-label=\"filter\">\n")
                .append("<span id=\"shown\"></span>\n</nav>\n");
    }

    private void findings() {
        html.append("<main id=\"findings\">\n");
        Map<Frame, List<Finding>> bySite = new LinkedHashMap<>();
        for (Finding finding : result.findings()) {
            bySite.computeIfAbsent(finding.leak().site(), s -> new ArrayList<>()).add(finding);
        }
        boolean open = result.findings().size() <= OPEN_WHEN_AT_MOST;
        // Written in the order the script's default view sorts them (most instances first; stable, as the script's
        // sort), so that a page opened without a fragment moves nothing.
        List<Map.Entry<Frame, List<Finding>>> sites = new ArrayList<>(bySite.entrySet());
        for (Map.Entry<Frame, List<Finding>> site : sites) {
            site.getValue().sort((a, b) -> Long.compare(b.leak().count(), a.leak().count()));
        }
        sites.sort((a, b) -> Long.compare(total(b.getValue()), total(a.getValue())));
        int n = 0;
        for (Map.Entry<Frame, List<Finding>> site : sites) {
            List<Finding> findings = site.getValue();
            long count = total(findings);
            Frame frame = site.getKey();
            html.append("<section class=\"site\" id=\"site-").append(n++).append("\" data-count=\"").append(count).append("\" data-type=\"")
                    .append(esc(findings.get(0).leak().type())).append("\" data-kind=\"").append(esc(findings.get(0).leak().kind()))
                    .append("\">\n<h2><span class=\"where\">")
                    .append(frame == null ? "unknown site (stacks off)" : esc(frame.location())).append("</span>");
            if (frame != null) {
                html.append(" <span class=\"method\">").append(esc(LeakText.method(frame))).append("</span>");
            }
            html.append(" <span class=\"site-count\">").append(count).append("</span></h2>\n");
            for (Finding finding : findings) {
                finding(finding, open);
            }
            html.append("</section>\n");
        }
        html.append("</main>\n");
    }

    private static long total(List<Finding> findings) {
        long sum = 0;
        for (Finding f : findings) {
            sum += f.leak().count();
        }
        return sum;
    }

    private void finding(Finding finding, boolean open) {
        Leak leak = finding.leak();
        html.append("<details class=\"finding\" id=\"f-").append(esc(leak.id())).append("\" data-id=\"").append(esc(leak.id()))
                .append("\" data-count=\"").append(leak.count()).append("\" data-type=\"").append(esc(leak.type()))
                .append("\" data-kind=\"").append(esc(leak.kind())).append('"').append(open ? " open" : "").append(">\n<summary>")
                .append("<span class=\"status s-").append(finding.status().name().toLowerCase(java.util.Locale.ROOT)).append("\">")
                .append(esc(finding.status().label)).append("</span> <span class=\"count\">").append(leak.count())
                .append("</span> × <span class=\"type\">").append(esc(leak.type())).append("</span> <span class=\"kind k-")
                .append(cssName(leak.kind())).append("\">").append(esc(leak.kind()))
                .append("</span> <span class=\"what\">").append(esc(LeakText.what(leak))).append("</span> <span class=\"id\">")
                .append(esc(leak.id())).append("</span></summary>\n<div class=\"body\">\n");
        if (leak.api() != null) {
            html.append("<p class=\"api\">").append(esc(LeakText.api(leak))).append("</p>\n");
        }
        ownership(leak);
        html.append("<div class=\"stack\">");
        if (leak.stack().isEmpty()) {
            html.append("<p class=\"frame\">").append(esc(LeakText.stack(leak).get(0))).append("</p>");
        }
        html.append("</div>\n");
        String paths = LeakText.paths(leak);
        if (paths != null) {
            html.append("<p class=\"paths\">").append(esc(paths)).append("</p>\n");
        }
        if (!leak.tests().isEmpty()) {
            html.append("<div class=\"tests\"><h3>Leaked by ").append(esc(LeakText.plural(leak.tests().size(), "test")))
                    .append("</h3><ul>\n");
            for (LeakTest test : leak.tests()) {
                html.append("<li class=\"test\"><span class=\"test-name\">").append(esc(test.qualifiedName())).append("</span>");
                if (test.displayName() != null && !test.qualifiedName().endsWith(test.displayName())) {
                    html.append(" <span class=\"display\">").append(esc(test.displayName())).append("</span>");
                }
                html.append(" <span class=\"n\">").append(LeakText.plural(test.count(), "object")).append("</span></li>\n");
            }
            html.append("</ul></div>\n");
        }
        html.append("<p class=\"thread\">first seen ").append(esc(leak.firstSeen())).append(" on thread ")
                .append(esc(leak.thread())).append("</p>\n</div>\n</details>\n");
    }

    /** The leaked object as the outer box, what it owned nested inside, innermost last: closing the outer closes all. */
    private void ownership(Leak leak) {
        if (leak.owns().isEmpty()) {
            return; // a box of its own type alone says nothing the summary line does not
        }
        html.append("<div class=\"owns\"><div class=\"box root\"><span class=\"box-type\">").append(esc(leak.type()))
                .append("</span> <span class=\"box-note\">close this</span>");
        List<OwnedObject> owned = leak.owned();
        for (int i = 0; i < leak.owns().size(); i++) {
            String type = leak.owns().get(i);
            OwnedObject o = i < owned.size() && owned.get(i).type().equals(type) ? owned.get(i) : null;
            html.append("<div class=\"box\"><span class=\"box-type\">").append(esc(type)).append("</span>");
            if (o != null && o.site() != null && !Objects.equals(o.site(), leak.site())) {
                html.append(" <span class=\"box-note\">opened at ").append(esc(o.site().location())).append(" (")
                        .append(esc(LeakText.method(o.site()))).append(")</span>");
            }
        }
        html.append("</div>".repeat(leak.owns().size())).append("</div></div>\n");
    }

    private void fixed() {
        if (result.options().baseline() == null) {
            return;
        }
        html.append("<section id=\"fixed\"><h2>Fixed since the baseline</h2>\n");
        if (result.fixed().isEmpty()) {
            html.append("<p class=\"note\">Every baseline entry is still seen.</p>\n");
        } else {
            html.append("<p class=\"note\">No longer seen: remove them from the baseline.</p><ul>\n");
            for (Baseline.Entry entry : result.fixed()) {
                html.append("<li class=\"fixed\"><span class=\"id\">").append(esc(entry.id())).append("</span> ")
                        .append(esc(entry.describe())).append("</li>\n");
            }
            html.append("</ul>\n");
        }
        html.append("</section>\n");
    }

    /**
     * {@code {"frames":[[class, method, file, line], ...], "stacks":{id: [frame, flags, frame, flags, ...]}}}: each
     * distinct frame once, since findings of one application share most of theirs.
     */
    private String stacksJson() {
        Map<Frame, Integer> index = new HashMap<>();
        List<Object[]> frames = new ArrayList<>();
        Map<String, int[]> stacks = new LinkedHashMap<>();
        for (Finding finding : result.findings()) {
            Leak leak = finding.leak();
            List<Frame> stack = leak.stack();
            if (stack.isEmpty()) {
                continue;
            }
            boolean[] shown = StackView.shown(stack, leak.site());
            int siteIndex = leak.site() == null ? -1 : stack.indexOf(leak.site());
            int[] encoded = new int[stack.size() * 2];
            for (int i = 0; i < stack.size(); i++) {
                Frame frame = stack.get(i);
                Integer at = index.get(frame);
                if (at == null) {
                    at = frames.size();
                    index.put(frame, at);
                    frames.add(new Object[] {frame.className(), frame.methodName(), frame.fileName(), frame.lineNumber()});
                }
                encoded[2 * i] = at;
                encoded[2 * i + 1] = (shown[i] ? SHOWN : 0) | (StackView.folded(frame) ? 0 : APPLICATION)
                        | (i == siteIndex ? SITE : 0) | (StackView.jdk(frame.className()) ? JDK : 0);
            }
            stacks.put(leak.id(), encoded);
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("frames", frames);
        data.put("stacks", stacks);
        try {
            // A "</script" or "<!--" inside would end or upset the script element; \u003c is the same "<" to JSON.
            return ReportFiles.mapper().writer().writeValueAsString(data).replace("<", "\\u003c");
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** gc, exit, open, then newer kinds by name: the order check fails them in. */
    static int kindOrder(String kind) {
        return switch (kind) {
            case Leak.KIND_GC -> 0;
            case Leak.KIND_EXIT -> 1;
            case Leak.KIND_OPEN -> 2;
            default -> 3;
        };
    }

    private static String cssName(String kind) {
        return kind.replaceAll("[^A-Za-z0-9_-]", "_");
    }

    /** {@code j.i.FileInputStream} for {@code java.io.FileInputStream}: the chart's labels stay short. */
    static String shortType(String type) {
        if (type.length() <= 44) {
            return type;
        }
        String[] parts = type.split("\\.");
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < parts.length - 1; i++) {
            s.append(parts[i].isEmpty() ? "" : parts[i].substring(0, 1)).append('.');
        }
        return s.append(parts[parts.length - 1]).toString();
    }

    private static String fmt(double d) {
        return String.format(java.util.Locale.ROOT, "%.1f", d);
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
