package org.melep.train;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Seeded, label-stratified splits of records (in a fixed order, for example sorted by record id):
 * records are grouped by their rarest positive label (by count over all records; records without
 * positives form one group), each group is shuffled with the seed and its first {@code
 * round(fraction * size)} records go to the held-out part.
 */
public final class Splits {
  private Splits() {}

  /** {@code true} for the records held out. */
  public static boolean[] stratified(
      float[] targets, int n, int labels, double fraction, long seed) {
    long[] counts = new long[labels];
    for (int i = 0; i < n; i++) {
      for (int l = 0; l < labels; l++) {
        if (targets[i * labels + l] > 0.5f) {
          counts[l]++;
        }
      }
    }
    TreeMap<Integer, List<Integer>> groups = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      int key = -1;
      for (int l = 0; l < labels; l++) {
        if (targets[i * labels + l] > 0.5f && (key < 0 || counts[l] < counts[key])) {
          key = l;
        }
      }
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
    }
    boolean[] held = new boolean[n];
    SplittableRandom random = new SplittableRandom(seed);
    for (List<Integer> g : groups.values()) {
      int[] idx = g.stream().mapToInt(Integer::intValue).toArray();
      shuffle(idx, random);
      long take = Math.round(fraction * idx.length);
      for (int k = 0; k < take; k++) {
        held[idx[k]] = true;
      }
    }
    return held;
  }

  /** Indices {@code 0..n-1} in a seeded random order. */
  public static int[] permutation(int n, long seed) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    shuffle(p, new SplittableRandom(seed));
    return p;
  }

  /** Indices where {@code mask[i] == value}. */
  public static int[] where(boolean[] mask, boolean value) {
    int c = 0;
    for (boolean b : mask) {
      c += b == value ? 1 : 0;
    }
    int[] out = new int[c];
    int k = 0;
    for (int i = 0; i < mask.length; i++) {
      if (mask[i] == value) {
        out[k++] = i;
      }
    }
    return out;
  }

  private static void shuffle(int[] a, SplittableRandom random) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
