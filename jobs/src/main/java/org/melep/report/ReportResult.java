package org.melep.report;

import java.util.List;

/**
 * A finished report: the analysis (tables), the figures, the summary sentence, notes on what could
 * not be computed or was left out, and a one-line description of the inputs.
 */
public record ReportResult(
    ReportAnalysis analysis,
    List<Figure> figures,
    String summary,
    List<String> notes,
    String inputsDescription) {}
