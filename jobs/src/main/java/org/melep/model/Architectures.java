package org.melep.model;

import java.util.List;

/**
 * The architectures by name, as {@code melep train --arch} takes them: {@code resnet1d101} and
 * {@code bilstm} (the paper's), {@code resnet1d-small} and {@code bilstm-small} (small variants
 * that train on two CPU cores in minutes).
 */
public final class Architectures {
  public static final List<String> NAMES =
      List.of("resnet1d101", "bilstm", "resnet1d-small", "bilstm-small");

  private Architectures() {}

  /** The named architecture with {@code labels} outputs. */
  public static Architecture named(String name, int labels) {
    switch (name) {
      case "resnet1d101":
        return ResNet1dArchitecture.resnet1d101(labels);
      case "bilstm":
        return BiLstmArchitecture.paper(labels);
      case "resnet1d-small":
        return ResNet1dArchitecture.resnet1dSmall(labels);
      case "bilstm-small":
        return BiLstmArchitecture.bilstmSmall(labels);
      default:
        throw new IllegalArgumentException(
            "Cannot build architecture: unknown name " + name + " (known: " + NAMES + ")");
    }
  }
}
