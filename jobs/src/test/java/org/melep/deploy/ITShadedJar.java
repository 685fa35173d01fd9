package org.melep.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The application jar as a platform team gets it ({@code target/melep.jar}, built by {@code
 * package}; run by failsafe in {@code verify}): nothing that Spark ships, protobuf and gson
 * relocated, natives of the one selected platform only, and the version in its manifest.
 */
class ITShadedJar {

  /** Packages a cluster's Spark provides; a second copy in the jar would clash with it. */
  private static final List<String> PROVIDED_BY_SPARK =
      List.of(
          "org/apache/spark/",
          "scala/",
          "org/apache/hadoop/",
          "com/fasterxml/jackson/core/",
          "com/fasterxml/jackson/databind/",
          "org/slf4j/",
          "org/apache/commons/compress/",
          "org/apache/log4j/",
          "org/apache/logging/log4j/");

  /** Relocated (clusters ship other versions) or dropped (unused). */
  private static final List<String> NOT_AT_THEIR_OWN_NAME =
      List.of("com/google/protobuf/", "com/google/gson/", "org/apache/pdfbox/", "com/madgag/");

  static final String NATIVE = ".*\\.(so(\\.[0-9]+)*|dll|dylib|jnilib|a)$";

  @Test
  void holdsNoSparkScalaHadoopJacksonCoreOrSlf4jClassesAndOnlyTheSelectedNatives()
      throws IOException {
    Path jar = Deployment.jar();
    List<String> names;
    try (JarFile j = new JarFile(jar.toFile())) {
      names = j.stream().map(ZipEntry::getName).toList();
    }
    for (String prefix : PROVIDED_BY_SPARK) {
      assertThat(names).as("entries under %s", prefix).noneMatch(n -> n.startsWith(prefix));
    }
    for (String prefix : NOT_AT_THEIR_OWN_NAME) {
      assertThat(names).as("entries under %s", prefix).noneMatch(n -> n.startsWith(prefix));
    }
    assertThat(names)
        .contains(
            "org/melep/shaded/protobuf/CodedOutputStream.class",
            "org/melep/shaded/gson/Gson.class",
            "org/melep/cli/MelepCommand.class",
            "melep/conf/melep.yaml");

    // natives: each of ONNX Runtime, DJL's JNI, libtorch and JNA, for the selected platform only
    String djl = System.getProperty("melep.platform", "linux-x86_64");
    String onnx = System.getProperty("melep.platform.onnxruntime", "linux-x64");
    String jna = System.getProperty("melep.platform.jna", "linux-x86-64");
    List<String> natives =
        names.stream().filter(n -> n.toLowerCase(Locale.ROOT).matches(NATIVE)).toList();
    assertThat(natives)
        .allSatisfy(
            n ->
                assertThat(
                        n.startsWith("ai/onnxruntime/native/" + onnx + "/")
                            || n.startsWith("jnilib/" + djl + "/")
                            || n.startsWith("pytorch/cpu/" + djl + "/")
                            || n.startsWith("com/sun/jna/" + jna + "/"))
                    .as("native %s is for %s", n, djl)
                    .isTrue());
    if (djl.equals("linux-x86_64")) {
      assertThat(natives)
          .contains(
              "ai/onnxruntime/native/linux-x64/libonnxruntime.so",
              "ai/onnxruntime/native/linux-x64/libonnxruntime4j_jni.so",
              "jnilib/linux-x86_64/cpu/libdjl_torch.so",
              "pytorch/cpu/linux-x86_64/libtorch_cpu.so",
              "com/sun/jna/linux-x86-64/libjnidispatch.so")
          .noneMatch(n -> n.contains("win") || n.contains("osx") || n.contains("darwin"))
          .noneMatch(n -> n.contains("aarch64"));
    }
    System.out.printf(
        Locale.ROOT,
        "%s: %.1f MB, %d entries, %d natives%n",
        jar,
        Files.size(jar) / 1e6,
        names.size(),
        natives.size());
  }

  @Test
  void manifestNamesTheMainClassAndTheProjectVersion() throws IOException {
    try (JarFile j = new JarFile(Deployment.jar().toFile())) {
      Attributes main = j.getManifest().getMainAttributes();
      assertThat(main.getValue("Main-Class")).isEqualTo("org.melep.cli.MelepCommand");
      assertThat(main.getValue("Implementation-Version")).isEqualTo(Deployment.version());
    }
  }

  @Test
  void versionOptionPrintsTheVersionFromTheManifest() throws Exception {
    Deployment.Result r =
        Deployment.run(
            List.of(
                Deployment.java(),
                "-cp",
                Deployment.jar() + ":" + Deployment.sparkHome().resolve("jars") + "/*",
                "org.melep.cli.MelepCommand",
                "--version"),
            Path.of("target"),
            60);
    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(r.output().strip()).isEqualTo("melep " + Deployment.version());
  }
}
