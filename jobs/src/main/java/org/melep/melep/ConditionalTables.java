package org.melep.melep;

import java.io.Serializable;
import java.util.Arrays;
import org.melep.stats.JointCounts;

/**
 * The finished conditional tables of many groups in one flat array (what the driver broadcasts
 * between the two passes): group g's {@code 4 Y Z} values at {@code offset(g)}, in the layout of
 * {@link ConditionalTable#conditionals}, with its shape; no object per group, so a million groups
 * serialize as a few primitive arrays. {@link #table} gives one group's {@link ConditionalTable}.
 */
public final class ConditionalTables implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int[] at; // group -> offset into data, -1: no table
  private final int[] targetLabels;
  private final int[] sourceLabels;
  private final double[] data;

  private ConditionalTables(int[] at, int[] y, int[] z, double[] data) {
    this.at = at;
    this.targetLabels = y;
    this.sourceLabels = z;
    this.data = data;
  }

  /** Tables for groups {@code 0 .. groups-1}, none yet. */
  public static Builder builder(int groups) {
    return new Builder(groups, 1024);
  }

  /**
   * As {@link #builder(int)}, with room for {@code values} table values ({@code 4 Y Z} per group)
   * from the start: no growth and no copy when they are all that is put.
   */
  public static Builder builder(int groups, long values) {
    if (values < 0 || values > Integer.MAX_VALUE - 16) {
      throw new IllegalStateException(
          "Cannot hold the conditional tables: " + values + " values, at most 2^31");
    }
    return new Builder(groups, (int) values);
  }

  public int groups() {
    return at.length;
  }

  /** Whether the group has a table (pass 1 saw a record of it). */
  public boolean has(int group) {
    return at[group] >= 0;
  }

  public int targetLabels(int group) {
    return targetLabels[group];
  }

  public int sourceLabels(int group) {
    return sourceLabels[group];
  }

  /** The group's table (a new object); throws when it has none. */
  public ConditionalTable table(int group) {
    return load(group, null);
  }

  /**
   * The group's table copied into {@code scratch} when it has the group's shape (else into a new
   * table, returned): one reusable table for a run of records of one group.
   */
  ConditionalTable load(int group, ConditionalTable scratch) {
    if (at[group] < 0) {
      throw new IllegalStateException("Cannot run pass 2: no pass-1 table for group #" + group);
    }
    int y = targetLabels[group];
    int z = sourceLabels[group];
    ConditionalTable t =
        scratch != null && scratch.targetLabels() == y && scratch.sourceLabels() == z
            ? scratch
            : new ConditionalTable(y, z);
    t.load(data, at[group]);
    return t;
  }

  /** Fills the tables group by group; {@link #build} once. */
  public static final class Builder {
    private final int[] at;
    private final int[] targetLabels;
    private final int[] sourceLabels;
    private double[] data;
    private int top;

    private Builder(int groups, int capacity) {
      data = new double[capacity];
      at = new int[groups];
      Arrays.fill(at, -1);
      targetLabels = new int[groups];
      sourceLabels = new int[groups];
    }

    /** The group's table from its joint counts. */
    public Builder put(int group, JointCounts counts) {
      return put(group, counts.targetLabels(), counts.sourceLabels(), counts.jointArray());
    }

    /** The group's table from its joint cells in the layout of {@link JointCounts#of}. */
    public Builder put(int group, int y, int z, double[] joint) {
      if (at[group] >= 0) {
        throw new IllegalStateException("Cannot add a second table for group #" + group);
      }
      if (y < 1 || z < 1 || joint.length != 4 * y * z) {
        throw new IllegalArgumentException(
            "Cannot build a conditional table: " + joint.length + " cells for Y=" + y + ", Z=" + z);
      }
      int width = 4 * y * z;
      if ((long) top + width > Integer.MAX_VALUE - 16) {
        throw new IllegalStateException("Cannot hold the conditional tables: over 2^31 values");
      }
      if (top + width > data.length) {
        data =
            Arrays.copyOf(
                data, (int) Math.min(Integer.MAX_VALUE - 16, Math.max(top + width, 2L * top)));
      }
      ConditionalTable.conditionals(y, z, joint, data, top);
      at[group] = top;
      targetLabels[group] = y;
      sourceLabels[group] = z;
      top += width;
      return this;
    }

    public ConditionalTables build() {
      return new ConditionalTables(
          at, targetLabels, sourceLabels, top == data.length ? data : Arrays.copyOf(data, top));
    }
  }
}
