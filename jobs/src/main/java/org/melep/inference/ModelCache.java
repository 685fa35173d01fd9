package org.melep.inference;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loaded models of one JVM (one Spark executor), keyed by the checkpoint's SHA-256 and the runner
 * options, so a model is loaded once per executor however many partitions and tasks use it.
 *
 * <p>At most {@link #capacity()} models stay loaded (least recently used go first; system property
 * {@code melep.inference.cacheSize}, default {@value #DEFAULT_CAPACITY}). Tasks hold a {@link
 * Lease} while they run a model; an evicted model is closed when its last lease is released. {@link
 * #loads()} counts actual loads, for tests and logs.
 */
public final class ModelCache {
  private static final Logger LOG = LoggerFactory.getLogger(ModelCache.class);
  public static final int DEFAULT_CAPACITY = 4;
  private static final ModelCache JVM =
      new ModelCache(Integer.getInteger("melep.inference.cacheSize", DEFAULT_CAPACITY));

  private final int capacity;
  private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
  private final Map<String, AtomicLong> loadsByKey = new ConcurrentHashMap<>();
  private final AtomicLong loads = new AtomicLong();

  public ModelCache(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException(
          "Cannot make model cache: capacity must be >= 1: " + capacity);
    }
    this.capacity = capacity;
  }

  /** The cache of this JVM. */
  public static ModelCache jvm() {
    return JVM;
  }

  public int capacity() {
    return capacity;
  }

  /** Models loaded by this cache so far. */
  public long loads() {
    return loads.get();
  }

  /** Loads of the model with this SHA-256 so far (any options). */
  public long loads(String sha256) {
    return loadsByKey.entrySet().stream()
        .filter(e -> e.getKey().startsWith(sha256 + "@"))
        .mapToLong(e -> e.getValue().get())
        .sum();
  }

  public synchronized int size() {
    return entries.size();
  }

  /**
   * The runner for {@code sha256} under {@code options}, loading it with {@code loader} on a miss.
   * Loading happens under the cache's lock: concurrent tasks of one executor wait for one load.
   */
  public synchronized Lease acquire(
      String sha256, RunnerOptions options, Supplier<ModelRunner> loader) {
    String key = sha256 + "@" + options.key();
    Entry e = entries.get(key);
    boolean loaded = false;
    if (e == null) {
      ModelRunner runner = loader.get();
      loads.incrementAndGet();
      loadsByKey.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
      e = new Entry(runner);
      entries.put(key, e);
      loaded = true;
      evict();
    }
    e.leases++;
    return new Lease(this, e, loaded);
  }

  /** Closes and forgets every unused model (tests and shutdown). */
  public synchronized void clear() {
    for (Entry e : new ArrayList<>(entries.values())) {
      e.evicted = true;
      closeIfIdle(e);
    }
    entries.clear();
  }

  private void evict() {
    Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator();
    while (entries.size() > capacity && it.hasNext()) {
      Map.Entry<String, Entry> oldest = it.next();
      it.remove();
      oldest.getValue().evicted = true;
      LOG.info("Model cache full ({} models): unloading {}", capacity, oldest.getKey());
      closeIfIdle(oldest.getValue());
    }
  }

  private synchronized void release(Entry e) {
    e.leases--;
    closeIfIdle(e);
  }

  private static void closeIfIdle(Entry e) {
    if (e.evicted && e.leases == 0 && !e.closed) {
      e.closed = true;
      e.runner.close();
    }
  }

  private static final class Entry {
    final ModelRunner runner;
    int leases;
    boolean evicted;
    boolean closed;

    Entry(ModelRunner runner) {
      this.runner = runner;
    }
  }

  /** A task's use of a cached runner; close it (once) when the task is done with the runner. */
  public static final class Lease implements AutoCloseable {
    private final ModelCache cache;
    private final Entry entry;
    private final boolean loaded;
    private boolean released;

    private Lease(ModelCache cache, Entry entry, boolean loaded) {
      this.cache = cache;
      this.entry = entry;
      this.loaded = loaded;
    }

    public ModelRunner runner() {
      return entry.runner;
    }

    /** Whether this acquisition loaded the model (a cache miss). */
    public boolean loadedNow() {
      return loaded;
    }

    @Override
    public synchronized void close() {
      if (!released) {
        released = true;
        cache.release(entry);
      }
    }
  }

  /** Snapshot of the cached keys, most recently used last. */
  public synchronized List<String> keys() {
    return new ArrayList<>(entries.keySet());
  }
}
