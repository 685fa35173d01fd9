package org.melep.corpus.ptbxl;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PTB-XL's {@code scp_statements.csv}: the diagnostic statements ({@code diagnostic == 1}) and
 * their {@code diagnostic_class}, one of the 5 superclasses NORM, MI, STTC, HYP, CD.
 *
 * <p>As the PTB-XL benchmark ({@code aggregate_diagnostic}) does, a record's superclasses are the
 * classes of all its diagnostic statements, whatever their likelihood; form and rhythm statements
 * have no superclass.
 */
public final class ScpStatements implements Serializable {
  /** The superclasses in the benchmark's order. */
  public static final List<String> SUPERCLASSES = List.of("NORM", "MI", "STTC", "HYP", "CD");

  private final Map<String, String> classByCode;

  private ScpStatements(Map<String, String> classByCode) {
    this.classByCode = classByCode;
  }

  public static ScpStatements parse(String source, byte[] bytes) {
    CsvTable t = CsvTable.parse(source, bytes);
    int code = 0; // pandas writes the index (the SCP code) as an unnamed first column
    int diagnostic = t.column("diagnostic");
    int cls = t.column("diagnostic_class");
    Map<String, String> map = new LinkedHashMap<>();
    for (int r = 0; r < t.size(); r++) {
      String d = t.get(r, diagnostic).trim();
      String c = t.get(r, cls).trim();
      if (!d.isEmpty() && isOne(source, t.lineNumber(r), d) && !c.isEmpty()) {
        map.put(t.get(r, code).trim(), c);
      }
    }
    return new ScpStatements(map);
  }

  private static boolean isOne(String source, int line, String value) {
    try {
      return Double.parseDouble(value) == 1.0;
    } catch (NumberFormatException e) {
      throw new org.melep.corpus.RecordParseException(
          source, "line " + line + ": diagnostic is not a number: '" + value + "'");
    }
  }

  /** The diagnostic superclass of an SCP code, null for non-diagnostic or unknown codes. */
  public String superclass(String scpCode) {
    return classByCode.get(scpCode);
  }

  /** The distinct superclasses of a record's SCP codes, in {@link #SUPERCLASSES} order. */
  public List<String> superclasses(Collection<String> scpCodes) {
    List<String> found = new ArrayList<>();
    for (String c : scpCodes) {
      String s = classByCode.get(c);
      if (s != null && !found.contains(s)) {
        found.add(s);
      }
    }
    List<String> ordered = new ArrayList<>();
    for (String s : SUPERCLASSES) {
      if (found.contains(s)) {
        ordered.add(s);
      }
    }
    for (String s : found) {
      if (!ordered.contains(s)) {
        ordered.add(s);
      }
    }
    return ordered;
  }
}
