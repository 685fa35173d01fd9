package org.melep.score;

/** The key of one scored group: a fold and a checkpoint. */
public final class GroupKey {
  private static final char SEPARATOR = '\u0000';

  private GroupKey() {}

  public static String of(String foldId, String checkpoint) {
    return foldId + SEPARATOR + checkpoint;
  }
}
