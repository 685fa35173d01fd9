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
      PerKey seen = new PerKey();
      while (rows.hasNext()) {
        InternalRow row = rows.next();
        if (!row.isNullAt(0) && !row.isNullAt(1)) {
          seen.add(seen.slot(row.getUTF8String(0)), row.getArray(1));
        }
      }
      Part out = new Part();
      out.keys = seen.keys();
      out.lists = seen.lists();
      return List.of(out).iterator();
    }
  }

  /**
   * One partition's keys, each at a dense slot (first-seen order), with its distinct lists: a row's
   * key and list are compared as bytes with those seen, and copied out of the row's buffer only
   * when new.
   */
  static final class PerKey {
    private final HashMap<UTF8String, Integer> slots = new HashMap<>();
    private final List<UTF8String> keys = new ArrayList<>();
    private final List<List<ArrayData>> lists = new ArrayList<>();
    private int last = -1;

    /** The key's slot, a new one for a new key. */
    int slot(UTF8String key) {
      if (last >= 0 && key.equals(keys.get(last))) {
        return last;
      }
      Integer s = slots.get(key);
      if (s == null) {
        s = keys.size();
        UTF8String copy = key.clone();
        slots.put(copy, s);
        keys.add(copy);
        lists.add(new ArrayList<>(1));
      }
      last = s;
      return s;
    }

    /** Adds the list to the slot's distinct lists. */
    void add(int slot, ArrayData list) {
      List<ArrayData> known = lists.get(slot);
      for (ArrayData l : known) {
        if (l.equals(list)) {
          return;
        }
      }
      known.add(list.copy());
    }

    int size() {
      return keys.size();
    }

    String[] keys() {
      String[] out = new String[keys.size()];
      for (int k = 0; k < out.length; k++) {
        out[k] = keys.get(k).toString();
      }
      return out;
    }

    /** Per slot, its distinct lists decoded. */
    String[][][] lists() {
      String[][][] out = new String[lists.size()][][];
      for (int k = 0; k < out.length; k++) {
        out[k] = new String[lists.get(k).size()][];
        for (int i = 0; i < out[k].length; i++) {
          out[k][i] = strings(lists.get(k).get(i));
        }
      }
      return out;
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
