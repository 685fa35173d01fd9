package org.melep.bench;

import java.lang.management.ManagementFactory;

/**
 * CPU time, for measurements on a shared machine: a thread's CPU nanoseconds do not grow while
 * other processes hold the cores, so rates per CPU second stay comparable under load (wall time
 * does not: at a load of 20 on 2 cores it is 10x longer).
 */
final class CpuClock {
  private CpuClock() {}

  /** CPU nanoseconds of the calling thread. */
  static long thread() {
    return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
  }

  /** CPU nanoseconds of this whole JVM (all threads: tasks, GC, JIT, Spark's own). */
  static long process() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
