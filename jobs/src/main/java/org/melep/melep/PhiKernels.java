package org.melep.melep;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the pass-2 kernel once per JVM: the vectorised one when the module {@code
 * jdk.incubator.vector} is present (JVM option {@code --add-modules jdk.incubator.vector}, which
 * every launcher passes) and not switched off with {@code -D}{@value #PROPERTY}{@code =false};
 * otherwise the scalar loop, with one log line saying why. The SIMD class is loaded by name, only
 * when the module is there, so nothing else depends on it.
 */
public final class PhiKernels {
  private static final Logger LOG = LoggerFactory.getLogger(PhiKernels.class);

  /** System property: {@code false} forces the scalar kernel. */
  public static final String PROPERTY = "melep.simd";

  static final String MODULE = "jdk.incubator.vector";
  private static final String SIMD_CLASS = "org.melep.melep.SimdPhiKernel";

  private static final PhiKernel BEST = choose(System.getProperty(PROPERTY), modulePresent(), true);

  private PhiKernels() {}

  /** The kernel this JVM uses. */
  public static PhiKernel best() {
    return BEST;
  }

  public static PhiKernel scalar() {
    return ScalarPhiKernel.INSTANCE;
  }

  /** The vectorised kernel; throws when the module is missing. */
  public static PhiKernel simd() {
    if (!modulePresent()) {
      throw new UnsupportedOperationException(
          "Cannot use the SIMD kernel: module "
              + MODULE
              + " is missing (JVM option --add-modules "
              + MODULE
              + ")");
    }
    return load();
  }

  static boolean modulePresent() {
    return ModuleLayer.boot().findModule(MODULE).isPresent();
  }

  /** The choice for a property value and module presence; logs the fallback when {@code log}. */
  static PhiKernel choose(String property, boolean module, boolean log) {
    String why = null;
    if ("false".equalsIgnoreCase(property)) {
      why = "switched off by -D" + PROPERTY + "=false";
    } else if (!module) {
      why = "module " + MODULE + " is missing (add the JVM option --add-modules " + MODULE + ")";
    }
    if (why == null) {
      try {
        return load();
      } catch (LinkageError | RuntimeException e) {
        why = "the vectorised kernel failed to load: " + e;
      }
    }
    if (log) {
      LOG.info("MELEP pass 2 uses the scalar kernel (about 3x slower): {}", why);
    }
    return ScalarPhiKernel.INSTANCE;
  }

  private static PhiKernel load() {
    try {
      return (PhiKernel) Class.forName(SIMD_CLASS).getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Cannot load " + SIMD_CLASS, e);
    }
  }
}
