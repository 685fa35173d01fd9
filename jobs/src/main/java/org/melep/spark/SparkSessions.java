package org.melep.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Obtains the Spark session for a command. Spark settings come from {@code spark-submit} (or the
 * {@code spark.*} system properties the local launcher sets from {@code conf/spark-local.conf});
 * nothing here hard-codes them. Only when no master is configured at all (a plain {@code java -jar}
 * run) does it fall back to {@code local[*]}, and says so.
 */
public final class SparkSessions {
  private static final Logger LOG = LoggerFactory.getLogger(SparkSessions.class);

  private static final String EXECUTOR_OPTIONS = "spark.executor.extraJavaOptions";

  /** The MELEP pass-2 kernel's Vector API; executors started by this session get it too. */
  static final String VECTOR_MODULE = "jdk.incubator.vector";

  private SparkSessions() {}

  public static SparkSession getOrCreate(String appName) {
    SparkConf conf = new SparkConf();
    SparkSession.Builder builder = SparkSession.builder().appName(appName);
    if (!conf.contains("spark.master")) {
      LOG.info("No spark.master configured: running on local[*]");
      builder.master("local[*]");
    }
    String executorOptions = conf.get(EXECUTOR_OPTIONS, "");
    if (!executorOptions.contains(VECTOR_MODULE)) {
      builder.config(
          EXECUTOR_OPTIONS, (executorOptions + " --add-modules=" + VECTOR_MODULE).trim());
    }
    return builder.getOrCreate();
  }

  /**
   * The Hadoop configuration of the running session, or, before one is started, the one it will
   * have ({@code spark.hadoop.*} settings applied): for checking paths before any Spark work.
   */
  public static org.apache.hadoop.conf.Configuration hadoopConf() {
    scala.Option<SparkSession> active = SparkSession.getActiveSession();
    scala.Option<SparkSession> session =
        active.isDefined() ? active : SparkSession.getDefaultSession();
    if (session.isDefined()) {
      return session.get().sparkContext().hadoopConfiguration();
    }
    return org.apache.spark.deploy.SparkHadoopUtil.get().newConfiguration(new SparkConf());
  }

  /** Stops the default session, if any, before the JVM exits (executors then leave cleanly). */
  public static void stopDefault() {
    scala.Option<SparkSession> session = SparkSession.getDefaultSession();
    if (session.isDefined()) {
      session.get().stop();
    }
  }
}
