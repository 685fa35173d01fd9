package org.melep.simulate;

import java.util.ArrayList;
import java.util.List;

/**
 * A simulated cardiac condition. Names are the label abbreviations of {@code
 * conf/labels/label-sets.csv}, so a condition maps to its SNOMED CT code through that table.
 *
 * <p>Exactly one {@link Kind#RHYTHM} condition holds per record; {@link Kind#FINDING}s are
 * independent draws with the exclusions and co-occurrences of {@code conf/simulate.yaml}. A set of
 * conditions is a {@code long} bit mask over the ordinals.
 */
public enum Condition {
  // rhythms (mutually exclusive)
  NORM(Kind.RHYTHM),
  SB(Kind.RHYTHM),
  STach(Kind.RHYTHM),
  SA(Kind.RHYTHM),
  AF(Kind.RHYTHM),
  AFL(Kind.RHYTHM),
  PR(Kind.RHYTHM),
  // findings
  IAVB(Kind.FINDING),
  CRBBB(Kind.FINDING),
  LBBB(Kind.FINDING),
  PAC(Kind.FINDING),
  PVC(Kind.FINDING),
  STD(Kind.FINDING),
  STE(Kind.FINDING),
  STC(Kind.FINDING),
  STT(Kind.FINDING),
  TAb(Kind.FINDING),
  TInv(Kind.FINDING),
  LQT(Kind.FINDING),
  LAD(Kind.FINDING),
  LVH(Kind.FINDING),
  LQRSV(Kind.FINDING),
  QAb(Kind.FINDING);

  /** Whether a condition is the record's rhythm or a finding on top of it. */
  public enum Kind {
    RHYTHM,
    FINDING
  }

  private static final Condition[] VALUES = values();

  private final Kind kind;

  Condition(Kind kind) {
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  public long bit() {
    return 1L << ordinal();
  }

  public boolean in(long mask) {
    return (mask & bit()) != 0;
  }

  /** The rhythms in which the sinus node drives the atria (P waves present). */
  public boolean isSinus() {
    return this == NORM || this == SB || this == STach || this == SA;
  }

  /** The condition named {@code name} (exact abbreviation, e.g. {@code STach}). */
  public static Condition parse(String name) {
    for (Condition c : VALUES) {
      if (c.name().equals(name)) {
        return c;
      }
    }
    throw new IllegalArgumentException(
        "Cannot parse condition: unknown name (known: " + List.of(VALUES) + "): " + name);
  }

  /** The rhythm of a mask (exactly one rhythm bit is set in generated masks). */
  public static Condition rhythmOf(long mask) {
    for (Condition c : VALUES) {
      if (c.kind == Kind.RHYTHM && c.in(mask)) {
        return c;
      }
    }
    throw new IllegalArgumentException(
        "Cannot find rhythm: no rhythm condition in mask: " + Long.toBinaryString(mask));
  }

  /** The conditions of a mask, in declaration order. */
  public static List<Condition> decode(long mask) {
    List<Condition> out = new ArrayList<>();
    for (Condition c : VALUES) {
      if (c.in(mask)) {
        out.add(c);
      }
    }
    return out;
  }

  /** Mask of the given conditions. */
  public static long mask(Condition... conditions) {
    long m = 0;
    for (Condition c : conditions) {
      m |= c.bit();
    }
    return m;
  }

  @Override
  public String toString() {
    return name();
  }
}
