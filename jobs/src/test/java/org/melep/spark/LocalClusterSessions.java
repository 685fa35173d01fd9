package org.melep.spark;

import org.apache.spark.sql.SparkSession;

/**
 * Spark sessions on the {@code local-cluster} master: real executor JVMs, so tests see
 * serialization, per-executor caches and task retries as a cluster does. Needs {@code SPARK_HOME}
 * with a {@code jars/} folder (surefire sets it to {@code target/spark-home}, filled by {@code
 * dependency:copy-dependencies}).
 */
public final class LocalClusterSessions {
  private LocalClusterSessions() {}

  /**
   * The executors' JVM options: the Vector API module, DJL offline, and the client compiler only
   * with the serial collector (an executor of a test lives for seconds on a shared core: C2's
   * compilations and G1's threads cost more than they return), plus {@code
   * -Dmelep.test.executorOpts}.
   */
  private static final String EXECUTOR_OPTIONS =
      ("--add-modules=jdk.incubator.vector -Dai.djl.offline=true -XX:TieredStopAtLevel=1"
              + " -XX:+UseSerialGC "
              + System.getProperty("melep.test.executorOpts", ""))
          .trim();

  /** Two executors of one core and 1 GB each; tasks may be retried up to {@code maxFailures}. */
  public static SparkSession.Builder builder(String appName, int maxFailures) {
    SparkTestBase.stopSessions(); // else getOrCreate would return a running local session
    String classpath = System.getProperty("melep.test.classpath");
    return SparkSession.builder()
        .master("local-cluster[2,1,1024]")
        .appName(appName)
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.task.maxFailures", Integer.toString(maxFailures))
        .config("spark.executor.extraClassPath", classpath)
        .config("spark.executor.extraJavaOptions", EXECUTOR_OPTIONS)
        .config("spark.sql.shuffle.partitions", "4");
  }
}
