package org.melep.train;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Supplier;
import org.melep.model.Tensor;
import org.melep.model.Weights;

/**
 * Frozen-body features of a fold's records, kept per JVM so that the seeds of one (fold,
 * checkpoint) in {@code --mode head} compute them once: the body runs in evaluation mode, so its
 * output for a record depends only on the weights and the record. An entry is keyed by a SHA-256 of
 * everything the features depend on ({@link #key}); tasks asking for a key being computed wait for
 * it instead of computing it again. Least recently used entries are dropped above a byte bound
 * ({@code -Dmelep.train.featureCacheMb}, default 256; 0 turns the cache off).
 */
final class FeatureCache {
  static final FeatureCache SHARED =
      new FeatureCache(Long.getLong("melep.train.featureCacheMb", 256L) * (1L << 20));

  private final long maxBytes;
  private final LinkedHashMap<String, FutureTask<float[]>> entries =
      new LinkedHashMap<>(16, 0.75f, true);
  private final Map<String, Long> sizes = new LinkedHashMap<>();
  private long bytes;
  private long hits;
  private long misses;

  FeatureCache(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** The cached value of {@code key}, or {@code compute}'s, which is then kept. */
  float[] get(String key, Supplier<float[]> compute) {
    if (maxBytes <= 0) {
      synchronized (this) {
        misses++;
      }
      return compute.get();
    }
    FutureTask<float[]> task;
    boolean mine = false;
    synchronized (this) {
      task = entries.get(key);
      if (task == null) {
        task = new FutureTask<>(compute::get);
        entries.put(key, task);
        mine = true;
        misses++;
      } else {
        hits++;
      }
    }
    if (mine) {
      task.run();
    }
    try {
      float[] value = task.get();
      if (mine) {
        account(key, value);
      }
      return value;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for cached features", e);
    } catch (ExecutionException e) {
      synchronized (this) {
        if (entries.get(key) == task) {
          entries.remove(key);
        }
      }
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  private synchronized void account(String key, float[] value) {
    if (entries.get(key) == null) {
      return;
    }
    long size = 4L * value.length + 64;
    sizes.put(key, size);
    bytes += size;
    Iterator<Map.Entry<String, FutureTask<float[]>>> it = entries.entrySet().iterator();
    while (bytes > maxBytes && it.hasNext()) {
      Map.Entry<String, FutureTask<float[]>> e = it.next();
      Long s = sizes.remove(e.getKey());
      if (s != null) { // computed entries only: one being computed is accounted when it is done
        bytes -= s;
        it.remove();
      }
    }
  }

  synchronized long hits() {
    return hits;
  }

  synchronized long misses() {
    return misses;
  }

  synchronized int size() {
    return entries.size();
  }

  /**
   * A digest of what frozen-body features depend on: the architecture, the weights, the device, and
   * each record's id, sampling rate, length, signal bytes and gains, in list order.
   */
  static String key(
      String architecture, Weights weights, String device, List<TrainRecord> records) {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    text(md, architecture);
    text(md, device);
    ByteBuffer b = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    for (Map.Entry<String, Tensor> e : new java.util.TreeMap<>(weights.asMap()).entrySet()) {
      text(md, e.getKey());
      for (long d : e.getValue().shape()) {
        md.update(longBytes(d));
      }
      float[] data = e.getValue().data();
      for (int i = 0; i < data.length; ) {
        b.clear();
        while (i < data.length && b.remaining() >= 4) {
          b.putFloat(data[i++]);
        }
        md.update(b.array(), 0, b.position());
      }
    }
    for (TrainRecord r : records) {
      text(md, r.recordId());
      md.update(longBytes(Double.doubleToLongBits(r.fs())));
      md.update(longBytes(r.nSamples()));
      md.update(longBytes(r.signal().length));
      md.update(r.signal());
      for (double g : r.gain()) {
        md.update(longBytes(Double.doubleToLongBits(g)));
      }
    }
    StringBuilder hex = new StringBuilder();
    for (byte x : md.digest()) {
      hex.append(String.format("%02x", x));
    }
    return hex.toString();
  }

  private static void text(MessageDigest md, String s) {
    byte[] v = String.valueOf(s).getBytes(StandardCharsets.UTF_8);
    md.update(longBytes(v.length));
    md.update(v);
  }

  private static byte[] longBytes(long v) {
    return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
  }
}
