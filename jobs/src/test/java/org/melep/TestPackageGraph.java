package org.melep;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The main sources' packages do not import each other in a cycle: every reference to another {@code
 * org.melep} package (an import, a static import or a fully qualified name in code, not in comments
 * or strings) is an edge, and the graph of those edges must be acyclic.
 */
class TestPackageGraph {
  private static final Pattern PACKAGE =
      Pattern.compile("^package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
  private static final Pattern REFERENCE =
      Pattern.compile("\\b(org\\.melep(?:\\.[a-z_][a-z0-9_]*)*)\\s*\\.\\s*(?:[A-Z]|\\*)");

  /**
   * Dependencies that were once cycles and must not come back: the manifest is data (no inference,
   * ONNX or training), and fold sees no simulator.
   */
  private static final List<String[]> FORBIDDEN =
      List.of(
          new String[] {"org.melep.zoo", "org.melep.inference"},
          new String[] {"org.melep.zoo", "org.melep.onnx"},
          new String[] {"org.melep.zoo", "org.melep.train"},
          new String[] {"org.melep.fold", "org.melep.simulate"},
          new String[] {"org.melep.model", "org.melep.onnx"},
          new String[] {"org.melep.labels", "org.melep.zoo"},
          new String[] {"org.melep.labels", "org.melep.simulate"});

  @Test
  void mainPackagesFormNoCycle() {
    Map<String, Set<String>> graph = graphOf(mainSources());
    assertThat(graph.keySet())
        .as("packages found")
        .hasSizeGreaterThan(15)
        .contains("org.melep.zoo");
    assertThat(graph.get("org.melep.inference"))
        .as("a known edge is seen")
        .contains("org.melep.zoo");
    assertThat(cycle(graph)).as("package cycle in " + graph).isEmpty();
  }

  @Test
  void onceCyclicDependenciesStayGone() {
    Map<String, Set<String>> graph = graphOf(mainSources());
    for (String[] edge : FORBIDDEN) {
      assertThat(graph.getOrDefault(edge[0], Set.of()))
          .as(edge[0] + " imports")
          .doesNotContain(edge[1]);
    }
  }

  @Test
  void detectorFindsACycleThroughImportsAndQualifiedNamesButNotComments() {
    Map<String, String> sources =
        Map.of(
            "A.java", "package org.melep.a;\nimport org.melep.b.B;\nclass A {}\n",
            "B.java", "package org.melep.b;\nclass B { Object c = new org.melep.c.C(); }\n",
            "C.java", "package org.melep.c;\nimport static org.melep.a.A.run;\nclass C {}\n",
            "D.java",
                "package org.melep.d;\n/** see {@link org.melep.a.A} */\n"
                    + "class D { // org.melep.b.B\n String s = \"org.melep.c.C\"; }\n");
    Map<String, Set<String>> graph = graphOf(sources);
    assertThat(graph.get("org.melep.d")).isEmpty();
    assertThat(cycle(graph))
        .containsExactly("org.melep.a", "org.melep.b", "org.melep.c", "org.melep.a");

    Map<String, String> acyclic = new HashMap<>(sources);
    acyclic.put("C.java", "package org.melep.c;\nclass C {}\n");
    assertThat(cycle(graphOf(acyclic))).isEmpty();
  }

  private static Map<String, String> mainSources() {
    Path root = Path.of(System.getProperty("basedir", "."), "src", "main", "java");
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        out.put(root.relativize(p).toString(), Files.readString(p));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertThat(out).as("sources under " + root).isNotEmpty();
    return out;
  }

  /** Package -> the other org.melep packages its files reference. */
  static Map<String, Set<String>> graphOf(Map<String, String> sources) {
    Map<String, Set<String>> graph = new TreeMap<>();
    for (Map.Entry<String, String> e : sources.entrySet()) {
      String code = stripCommentsAndStrings(e.getValue());
      Matcher pm = PACKAGE.matcher(code);
      assertThat(pm.find()).as("package line of " + e.getKey()).isTrue();
      String pkg = pm.group(1);
      Set<String> deps = graph.computeIfAbsent(pkg, k -> new TreeSet<>());
      Matcher m = REFERENCE.matcher(code.substring(pm.end()));
      while (m.find()) {
        if (!m.group(1).equals(pkg)) {
          deps.add(m.group(1));
        }
      }
    }
    return graph;
  }

  /** A cycle as its packages, first repeated last; empty when the graph is acyclic. */
  static List<String> cycle(Map<String, Set<String>> graph) {
    Map<String, Integer> state = new HashMap<>(); // 1 on the path, 2 done
    for (String start : graph.keySet()) {
      Deque<String> path = new ArrayDeque<>();
      List<String> found = visit(start, graph, state, path);
      if (!found.isEmpty()) {
        return found;
      }
    }
    return List.of();
  }

  private static List<String> visit(
      String node, Map<String, Set<String>> graph, Map<String, Integer> state, Deque<String> path) {
    Integer s = state.get(node);
    if (s != null && s == 2) {
      return List.of();
    }
    if (s != null && s == 1) {
      List<String> onPath = new ArrayList<>(path);
      List<String> cycle = new ArrayList<>(onPath.subList(onPath.indexOf(node), onPath.size()));
      cycle.add(node);
      return cycle;
    }
    state.put(node, 1);
    path.addLast(node);
    for (String next : graph.getOrDefault(node, Set.of())) {
      List<String> found = visit(next, graph, state, path);
      if (!found.isEmpty()) {
        return found;
      }
    }
    path.removeLast();
    state.put(node, 2);
    return List.of();
  }

  /** The source with comments, string and char literals and text blocks blanked. */
  static String stripCommentsAndStrings(String src) {
    StringBuilder out = new StringBuilder(src.length());
    int i = 0;
    int n = src.length();
    while (i < n) {
      char c = src.charAt(i);
      if (c == '/' && i + 1 < n && src.charAt(i + 1) == '/') {
        while (i < n && src.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '/' && i + 1 < n && src.charAt(i + 1) == '*') {
        int end = src.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
        out.append(' ');
      } else if (src.startsWith("\"\"\"", i)) {
        int end = src.indexOf("\"\"\"", i + 3);
        i = end < 0 ? n : end + 3;
        out.append("\"\"");
      } else if (c == '"' || c == '\'') {
        i++;
        while (i < n && src.charAt(i) != c) {
          i += src.charAt(i) == '\\' ? 2 : 1;
        }
        i++;
        out.append(c).append(c);
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }
}
