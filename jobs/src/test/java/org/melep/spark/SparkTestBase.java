package org.melep.spark;

import java.io.Serializable;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * A {@code local[2]} Spark session for a test class, UI off. The session is shared by the test
 * classes that run one after another in a test JVM (starting a session costs a second or two, and
 * the suite has some fifty such classes): after each class its cached tables and RDDs are dropped,
 * and a class that needs another master (local-cluster, task retries) stops it first ({@link
 * #stopShared}) and the next class starts a new one.
 */
public abstract class SparkTestBase implements Serializable {
  protected static transient SparkSession spark;

  private static SparkSession shared;

  @BeforeAll
  public static void startSpark() {
    spark = shared();
  }

  @AfterAll
  public static void releaseSpark() {
    if (spark != null && !spark.sparkContext().isStopped()) {
      spark.catalog().clearCache();
      org.apache.spark.api.java.JavaSparkContext.fromSparkContext(spark.sparkContext())
          .getPersistentRDDs()
          .values()
          .forEach(rdd -> rdd.unpersist(false));
      spark.sparkContext().setJobDescription(null);
    }
    spark = null;
  }

  private static synchronized SparkSession shared() {
    if (shared == null || shared.sparkContext().isStopped()) {
      stopOthers();
      shared =
          SparkSession.builder()
              .master("local[2]")
              .appName("melep-test")
              .config("spark.ui.enabled", "false")
              .config("spark.driver.host", "127.0.0.1")
              .config("spark.sql.shuffle.partitions", "4")
              .getOrCreate();
    }
    SparkSession.setActiveSession(shared);
    SparkSession.setDefaultSession(shared);
    return shared;
  }

  /**
   * Stops the shared session (and any other default session), for a class that builds a session of
   * its own: {@code getOrCreate} would otherwise return the running one, whatever its master.
   */
  public static synchronized void stopShared() {
    if (shared != null) {
      shared.stop();
      shared = null;
    }
    stopOthers();
  }

  private static void stopOthers() {
    scala.Option<SparkSession> active = SparkSession.getActiveSession();
    if (active.isDefined()) {
      active.get().stop();
    }
    scala.Option<SparkSession> other = SparkSession.getDefaultSession();
    if (other.isDefined()) {
      other.get().stop();
    }
    SparkSession.clearActiveSession();
    SparkSession.clearDefaultSession();
  }
}
