package org.melep.fold;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.melep.random.RecordRng;

/**
 * The paper's target tasks as pure code: for each fold, draw {@code N} (uniform in {@code
 * minLabels..maxLabels}) labels of the pool at random, keep the records with at least one of them
 * positive, sample {@code recordsPerFold} of them and split them {@code trainFraction} / rest into
 * train / test. CSN-style: 2..10 of the 20 CSN labels, 1,000 records, 70/30, 100 folds;
 * PTB-XL-style: 2..5 of the 5 superclasses.
 *
 * <p>Reproducible: fold {@code f}, draw {@code a} uses a random stream seeded from {@code (seed, f,
 * a)}; the sample is the {@code k} eligible records with the smallest hash of {@code (stream,
 * record_id)}, so it does not depend on the order of the input records. A draw in which a label has
 * no positive in train or in test is flagged; by default it is redrawn (up to {@code maxAttempts}
 * draws, then an error), otherwise kept and reported as flagged.
 */
public final class FoldProtocol {
  private final List<String> pool;
  private long seed = 1;
  private int folds = 100;
  private int recordsPerFold = 1000;
  private double trainFraction = 0.7;
  private int minLabels = 2;
  private int maxLabels = 10;
  private boolean allowSmaller = false;
  private boolean redrawFlagged = true;
  private int maxAttempts = 20;
  private boolean prevalenceMatched = false;
  private Integer testSize;

  /** A protocol drawing labels from {@code pool} (at most 63 labels, in label-set order). */
  public FoldProtocol(List<String> pool) {
    if (pool.isEmpty() || pool.size() > 63) {
      throw new IllegalArgumentException(
          "Cannot create fold protocol: label pool must hold 1..63 labels: " + pool);
    }
    if (new HashSet<>(pool).size() != pool.size()) {
      throw new IllegalArgumentException(
          "Cannot create fold protocol: duplicate labels in pool: " + pool);
    }
    this.pool = List.copyOf(pool);
    this.maxLabels = Math.min(maxLabels, pool.size());
  }

  /** CSN-style: 2..10 of {@code csnLabels}, 1,000 records, 70/30, 100 folds. */
  public static FoldProtocol csn(List<String> csnLabels) {
    return new FoldProtocol(csnLabels).labelRange(2, Math.min(10, csnLabels.size()));
  }

  /** PTB-XL-style: 2..5 of the superclasses. */
  public static FoldProtocol ptbxl(List<String> superclasses) {
    return new FoldProtocol(superclasses).labelRange(2, Math.min(5, superclasses.size()));
  }

  public FoldProtocol seed(long s) {
    this.seed = s;
    return this;
  }

  public FoldProtocol folds(int n) {
    this.folds = n;
    return this;
  }

  public FoldProtocol recordsPerFold(int n) {
    this.recordsPerFold = n;
    return this;
  }

  public FoldProtocol trainFraction(double f) {
    this.trainFraction = f;
    return this;
  }

  public FoldProtocol labelRange(int min, int max) {
    this.minLabels = min;
    this.maxLabels = max;
    return this;
  }

  /** A fixed number of labels per fold ({@code --labels K}): {@code labelRange(k, k)}. */
  public FoldProtocol labels(int k) {
    return labelRange(k, k);
  }

  /**
   * Prevalence-matched label draws: the pool, ranked by the labels' prevalence in the dataset, is
   * cut into {@code N} contiguous strata of (nearly) equal size and each fold takes one label at
   * random from each stratum, so every fold has one label of each prevalence level and the folds'
   * mean prevalences are close (docs/folds.md).
   */
  public FoldProtocol prevalenceMatched(boolean b) {
    this.prevalenceMatched = b;
    return this;
  }

  /**
   * The test split's size ({@code --test-size}); null: the paper's split of {@code
   * records-per-fold} (the rest after {@code round(records-per-fold x train-fraction)}). With a
   * size, a fold holds {@code round(records-per-fold x train-fraction)} train records plus {@code
   * testSize} test records.
   */
  public FoldProtocol testSize(Integer n) {
    this.testSize = n;
    return this;
  }

  /** Train records per fold. */
  public int trainSize() {
    return (int) Math.round(recordsPerFold * trainFraction);
  }

  /** Records sampled per fold: {@code records-per-fold}, or train plus {@code --test-size}. */
  public int foldSize() {
    return testSize == null ? recordsPerFold : trainSize() + testSize;
  }

  public FoldProtocol allowSmaller(boolean b) {
    this.allowSmaller = b;
    return this;
  }

  public FoldProtocol redrawFlagged(boolean b) {
    this.redrawFlagged = b;
    return this;
  }

  public FoldProtocol maxAttempts(int n) {
    this.maxAttempts = n;
    return this;
  }

  public List<String> pool() {
    return pool;
  }

  /** The bit mask over {@link #pool()} of a record's positive labels (others are ignored). */
  public long maskOf(List<String> labels) {
    long m = 0;
    for (String l : labels) {
      int i = pool.indexOf(l);
      if (i >= 0) {
        m |= 1L << i;
      }
    }
    return m;
  }

  /** Checks the options (no data needed), naming the option and its value. */
  public FoldProtocol validate() {
    check(folds >= 1, "--folds must be >= 1", folds);
    check(recordsPerFold >= 2, "--records-per-fold must be >= 2", recordsPerFold);
    check(
        trainFraction > 0 && trainFraction < 1,
        "--train-fraction must be in (0, 1)",
        trainFraction);
    check(minLabels >= 1, "--min-labels must be >= 1", minLabels);
    check(
        maxLabels >= minLabels && maxLabels <= pool.size(),
        "--max-labels must be in [min-labels, " + pool.size() + "]",
        maxLabels);
    check(maxAttempts >= 1, "--max-attempts must be >= 1", maxAttempts);
    if (testSize != null) {
      check(testSize >= 1, "--test-size must be >= 1", testSize);
      check(
          trainSize() >= 1,
          "--records-per-fold x --train-fraction must give >= 1 train record",
          trainSize());
    }
    return this;
  }

  private static void check(boolean ok, String what, Object value) {
    if (!ok) {
      throw new IllegalArgumentException("Cannot draw folds: " + what + ": " + value);
    }
  }

  /**
   * Draws the folds over records {@code ids[i]} with positive labels {@code masks[i]} (see {@link
   * #maskOf}); {@code corpusSize} is only used in error messages (the records of the dataset,
   * including those without a positive in the pool).
   */
  public List<Fold> draw(String[] ids, long[] masks, long corpusSize) {
    validate();
    if (ids.length != masks.length) {
      throw new IllegalArgumentException(
          "Cannot draw folds: " + ids.length + " record ids but " + masks.length + " label masks");
    }
    long[] hash = new long[ids.length];
    Set<String> seen = new HashSet<>(ids.length * 2);
    long withPositive = 0;
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] == null) {
        throw new IllegalArgumentException("Cannot draw folds: null record_id at row " + i);
      }
      if (!seen.add(ids[i])) {
        throw new IllegalArgumentException("Cannot draw folds: duplicate record_id: " + ids[i]);
      }
      hash[i] = idHash(ids[i]);
      if (masks[i] != 0) {
        withPositive++;
      }
    }
    double[] prevalence = new double[pool.size()];
    for (int i = 0; prevalenceMatched && i < masks.length; i++) {
      for (int b = 0; b < pool.size(); b++) {
        if ((masks[i] & (1L << b)) != 0) {
          prevalence[b]++;
        }
      }
    }
    for (int b = 0; b < pool.size(); b++) {
      prevalence[b] /= Math.max(1, corpusSize);
    }
    int[] byPrevalence = byPrevalence(prevalence);
    if (withPositive < foldSize() && !allowSmaller) {
      throw new IllegalArgumentException(
          "Cannot draw folds: only "
              + withPositive
              + " of "
              + corpusSize
              + " records have a positive among the labels "
              + pool
              + " but "
              + sizeText()
              + " (use a larger corpus, a smaller "
              + (testSize == null ? "--records-per-fold" : "--records-per-fold or --test-size")
              + ", or --allow-smaller)");
    }
    List<Fold> out = new ArrayList<>(folds);
    for (int f = 0; f < folds; f++) {
      out.add(drawFold(f, ids, masks, hash, corpusSize, byPrevalence));
    }
    return out;
  }

  private String sizeText() {
    return testSize == null
        ? "--records-per-fold is " + recordsPerFold
        : "a fold needs "
            + foldSize()
            + " records ("
            + trainSize()
            + " train + --test-size "
            + testSize
            + ")";
  }

  /** Pool indices ordered by prevalence (ascending), ties in pool order. */
  static int[] byPrevalence(double[] prevalence) {
    Integer[] order = new Integer[prevalence.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(
        order,
        (a, b) ->
            prevalence[a] != prevalence[b]
                ? Double.compare(prevalence[a], prevalence[b])
                : Integer.compare(a, b));
    int[] out = new int[order.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = order[i];
    }
    return out;
  }

  /**
   * Stratum {@code s} of {@code n} over {@code size} ranked labels: positions {@code [floor(s size
   * / n), floor((s + 1) size / n))}.
   */
  static int stratumStart(int s, int n, int size) {
    return (int) ((long) s * size / n);
  }

  private Fold drawFold(
      int f, String[] ids, long[] masks, long[] hash, long corpusSize, int[] byPrevalence) {
    Fold last = null;
    for (int attempt = 0; attempt < maxAttempts; attempt++) {
      SplittableRandom rng = RecordRng.forRecord(seed, ((long) f << 20) + attempt);
      long streamKey = rng.nextLong();
      int n = minLabels + rng.nextInt(maxLabels - minLabels + 1);
      int[] chosen;
      if (prevalenceMatched) {
        chosen = new int[n];
        for (int st = 0; st < n; st++) {
          int lo = stratumStart(st, n, pool.size());
          int hi = stratumStart(st + 1, n, pool.size());
          chosen[st] = byPrevalence[lo + rng.nextInt(hi - lo)];
        }
      } else {
        int[] order = new int[pool.size()];
        for (int i = 0; i < order.length; i++) {
          order[i] = i;
        }
        for (int i = 0; i < n; i++) {
          int j = i + rng.nextInt(order.length - i);
          int t = order[i];
          order[i] = order[j];
          order[j] = t;
        }
        chosen = Arrays.copyOf(order, n);
      }
      Arrays.sort(chosen);
      long foldMask = 0;
      List<String> labels = new ArrayList<>(n);
      for (int c : chosen) {
        foldMask |= 1L << c;
        labels.add(pool.get(c));
      }
      last = sample(f, attempt, labels, chosen, foldMask, streamKey, ids, masks, hash, corpusSize);
      if (!last.flagged() || !redrawFlagged) {
        return last;
      }
    }
    throw new IllegalStateException(
        "Cannot draw fold "
            + f
            + ": all "
            + maxAttempts
            + " draws left a label without a positive in a split (last: labels "
            + last.labels()
            + ", "
            + last.flagReason()
            + "); use a larger --records-per-fold or --keep-flagged");
  }

  private Fold sample(
      int f,
      int attempt,
      List<String> labels,
      int[] chosen,
      long foldMask,
      long streamKey,
      String[] ids,
      long[] masks,
      long[] hash,
      long corpusSize) {
    long eligible = 0;
    for (long m : masks) {
      if ((m & foldMask) != 0) {
        eligible++;
      }
    }
    int k = foldSize();
    if (eligible < k) {
      if (!allowSmaller) {
        throw new IllegalArgumentException(
            "Cannot draw fold "
                + f
                + ": only "
                + eligible
                + " of "
                + corpusSize
                + " records have a positive among its labels "
                + labels
                + " but "
                + sizeText()
                + " (use a larger corpus, a smaller "
                + (testSize == null ? "--records-per-fold" : "--records-per-fold or --test-size")
                + ", or --allow-smaller)");
      }
      k = (int) eligible;
    }
    // the k eligible records with the smallest keys: a max-heap of size k
    long[] heapKey = new long[k];
    int[] heapIdx = new int[k];
    int size = 0;
    for (int i = 0; i < ids.length; i++) {
      if ((masks[i] & foldMask) == 0) {
        continue;
      }
      long key = RecordRng.mix64(streamKey ^ hash[i]);
      if (size < k) {
        heapKey[size] = key;
        heapIdx[size] = i;
        siftUp(heapKey, heapIdx, size++, ids);
      } else if (k > 0 && less(key, i, heapKey[0], heapIdx[0], ids)) {
        heapKey[0] = key;
        heapIdx[0] = i;
        siftDown(heapKey, heapIdx, k, ids);
      }
    }
    Integer[] sel = new Integer[size];
    for (int i = 0; i < size; i++) {
      sel[i] = i;
    }
    Arrays.sort(sel, (a, b) -> less(heapKey[a], heapIdx[a], heapKey[b], heapIdx[b], ids) ? -1 : 1);
    int nTrain =
        testSize == null
            ? (int) Math.round(size * trainFraction)
            : (int) Math.round((double) size * trainSize() / foldSize());
    List<String> train = new ArrayList<>(nTrain);
    List<String> test = new ArrayList<>(size - nTrain);
    int[] trainPos = new int[chosen.length];
    int[] testPos = new int[chosen.length];
    for (int s = 0; s < size; s++) {
      int i = heapIdx[sel[s]];
      boolean isTrain = s < nTrain;
      (isTrain ? train : test).add(ids[i]);
      for (int c = 0; c < chosen.length; c++) {
        if ((masks[i] & (1L << chosen[c])) != 0) {
          if (isTrain) {
            trainPos[c]++;
          } else {
            testPos[c]++;
          }
        }
      }
    }
    String reason = null;
    if (train.isEmpty() || test.isEmpty()) {
      reason = "split sizes " + train.size() + " train / " + test.size() + " test";
    } else {
      for (int c = 0; c < chosen.length && reason == null; c++) {
        if (trainPos[c] == 0 || testPos[c] == 0) {
          reason =
              "label "
                  + labels.get(c)
                  + " has "
                  + trainPos[c]
                  + " positives in train and "
                  + testPos[c]
                  + " in test";
        }
      }
    }
    return new Fold(
        f,
        attempt,
        List.copyOf(labels),
        eligible,
        train,
        test,
        trainPos,
        testPos,
        reason != null,
        reason);
  }

  private static boolean less(long ka, int ia, long kb, int ib, String[] ids) {
    if (ka != kb) {
      return ka < kb;
    }
    return ids[ia].compareTo(ids[ib]) < 0;
  }

  private static void siftUp(long[] key, int[] idx, int i, String[] ids) {
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (!less(key[parent], idx[parent], key[i], idx[i], ids)) {
        return;
      }
      swap(key, idx, i, parent);
      i = parent;
    }
  }

  private static void siftDown(long[] key, int[] idx, int size, String[] ids) {
    int i = 0;
    while (true) {
      int l = 2 * i + 1;
      int r = l + 1;
      int largest = i;
      if (l < size && less(key[largest], idx[largest], key[l], idx[l], ids)) {
        largest = l;
      }
      if (r < size && less(key[largest], idx[largest], key[r], idx[r], ids)) {
        largest = r;
      }
      if (largest == i) {
        return;
      }
      swap(key, idx, i, largest);
      i = largest;
    }
  }

  private static void swap(long[] key, int[] idx, int a, int b) {
    long tk = key[a];
    key[a] = key[b];
    key[b] = tk;
    int ti = idx[a];
    idx[a] = idx[b];
    idx[b] = ti;
  }

  /** A 64-bit hash of a record id (FNV-1a over UTF-16 units, then mixed). */
  static long idHash(String id) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < id.length(); i++) {
      h ^= id.charAt(i);
      h *= 0x100000001b3L;
    }
    return RecordRng.mix64(h);
  }
}
