package dev.unclosed.scenarios;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unclosed.report.ReportFiles;

/**
 * An application with unclosed-report (and its Jackson) on its own class path, as a tool that reads reports has:
 * its calls reach its own copy, whatever the agent's jar holds. Says where the model came from and whose mapper.
 */
public class UsesItsOwnReportModel {
    public static void main(String[] args) {
        ObjectMapper mapper = ReportFiles.mapper();
        System.out.println("report model from " + (ReportFiles.class.getClassLoader() == null ? "the bootstrap loader" : "the class path"));
        System.out.println("mapper " + mapper.getClass().getName());
    }
}
