package org.melep.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;

/** Array values of Spark rows as Java lists (nested arrays arrive as Scala sequences). */
public final class RowLists {
  private RowLists() {}

  /** A Scala {@code Seq} or Java {@code List} value as a Java list. */
  @SuppressWarnings("unchecked")
  public static <T> List<T> of(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof List) {
      return (List<T>) value;
    }
    if (value instanceof scala.collection.Seq) {
      return new ArrayList<>(
          scala.collection.JavaConverters.seqAsJavaList((scala.collection.Seq<T>) value));
    }
    throw new IllegalArgumentException(
        "Cannot read an array value of type " + value.getClass().getName());
  }

  /** Field {@code i} of {@code row}, an array of arrays, as a list of lists. */
  public static <T> List<List<T>> nested(Row row, int i) {
    List<Object> outer = row.getList(i);
    List<List<T>> out = new ArrayList<>(outer.size());
    for (Object inner : outer) {
      out.add(of(inner));
    }
    return out;
  }
}
