package org.melep.score;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The distinct string lists of each key of a {@code (key string, list array<string>)} table, as
 * {@code collect_set} per key would give them, from one scan of Spark's internal rows: each
 * partition compares a row's list with its key's lists so far as bytes and decodes only the
 * distinct ones; no aggregation, no shuffle. Rows with a null key or a null list are left out.
 */
final class DistinctLists {
  private DistinctLists() {}

  /** Key to its distinct lists (first-seen order; a list may hold null elements). */
  static Map<String, List<List<String>>> perKey(Dataset<Row> table) {
    Map<String, LinkedHashSet<List<String>>> merged = new LinkedHashMap<>();
    for (Part p : table.queryExecution().toRdd().toJavaRDD().mapPartitions(new Scan()).collect()) {
      for (int k = 0; k < p.keys.length; k++) {
        LinkedHashSet<List<String>> into =
            merged.computeIfAbsent(p.keys[k], x -> new LinkedHashSet<>());
        for (String[] list : p.lists[k]) {
          into.add(Collections.unmodifiableList(Arrays.asList(list)));
        }
      }
    }
    Map<String, List<List<String>>> out = new LinkedHashMap<>();
    merged.forEach((k, v) -> out.put(k, List.copyOf(v)));
    return out;
  }

  /** One partition's keys and, per key, its distinct lists. */
  static final class Part implements Serializable {
    private static final long serialVersionUID = 1L;
    String[] keys;
    String[][][] lists;
  }

  static final class Scan implements FlatMapFunction<Iterator<InternalRow>, Part> {
    private static final long serialVersionUID = 1L;

    @Override
    public Iterator<Part> call(Iterator<InternalRow> rows) {
      HashMap<UTF8String, List<ArrayData>> seen = new LinkedHashMap<>();
      UTF8String lastKey = null;
      List<ArrayData> last = null;
      while (rows.hasNext()) {
        InternalRow row = rows.next();
        if (row.isNullAt(0) || row.isNullAt(1)) {
          continue;
        }
        UTF8String key = row.getUTF8String(0);
        List<ArrayData> lists;
        if (last != null && key.equals(lastKey)) {
          lists = last;
        } else {
          lastKey = key.clone();
          lists = seen.computeIfAbsent(lastKey, k -> new ArrayList<>(1));
          last = lists;
        }
        ArrayData list = row.getArray(1);
        boolean known = false;
        for (ArrayData l : lists) {
          if (l.equals(list)) {
            known = true;
            break;
          }
        }
        if (!known) {
          lists.add(list.copy());
        }
      }
      Part out = new Part();
      out.keys = new String[seen.size()];
      out.lists = new String[seen.size()][][];
      int k = 0;
      for (Map.Entry<UTF8String, List<ArrayData>> e : seen.entrySet()) {
        out.keys[k] = e.getKey().toString();
        out.lists[k] = new String[e.getValue().size()][];
        for (int i = 0; i < e.getValue().size(); i++) {
          out.lists[k][i] = strings(e.getValue().get(i));
        }
        k++;
      }
      return List.of(out).iterator();
    }
  }

  static String[] strings(ArrayData labels) {
    String[] out = new String[labels.numElements()];
    for (int i = 0; i < out.length; i++) {
      out[i] = labels.isNullAt(i) ? null : labels.getUTF8String(i).toString();
    }
    return out;
  }
}
