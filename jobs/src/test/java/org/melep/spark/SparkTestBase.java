package org.melep.spark;

import java.io.Serializable;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * A {@code local[2]} Spark session per test class, UI off, stopped after the class. (Sharing one
 * session between classes saved a second or two per class, but then the executor threads that ran
 * native inference in one class ran LAPACK in the next, and a LogME finish step once spun for
 * minutes in F2J's {@code dlarfg}; not understood yet, so each class gets fresh executor threads,
 * as before.) A class that builds a session of its own calls {@link #stopSessions} first.
 */
public abstract class SparkTestBase implements Serializable {
  protected static transient SparkSession spark;

  private static SparkSession session;

  @BeforeAll
  public static void startSpark() {
    spark = session();
  }

  @AfterAll
  public static void stopSpark() {
    stopSessions();
    spark = null;
  }

  private static synchronized SparkSession session() {
    if (session == null || session.sparkContext().isStopped()) {
      stopOthers();
      session =
          SparkSession.builder()
              .master("local[2]")
              .appName("melep-test")
              .config("spark.ui.enabled", "false")
              .config("spark.driver.host", "127.0.0.1")
              .config("spark.sql.shuffle.partitions", "4")
              .getOrCreate();
    }
    SparkSession.setActiveSession(session);
    SparkSession.setDefaultSession(session);
    return session;
  }

  /**
   * Stops the test session (and any other default session), for a class that builds a session of
   * its own: {@code getOrCreate} would otherwise return the running one, whatever its master.
   */
  public static synchronized void stopSessions() {
    if (session != null) {
      session.stop();
      session = null;
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
