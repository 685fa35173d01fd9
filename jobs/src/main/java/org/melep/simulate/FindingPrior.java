package org.melep.simulate;

import java.io.Serializable;
import java.util.List;

/**
 * How often a finding occurs in a simulated dataset (plain data read from {@code
 * conf/simulate.yaml}).
 *
 * <p>{@link #prevalence} is the target marginal frequency. A finding only occurs with one of {@link
 * #rhythms} (all rhythms when empty) and never with a finding of {@link #excludes}; the generator
 * raises its conditional probability so that the marginal stays {@link #prevalence}. With {@link
 * #given} set, the finding is {@link #factor} times more likely when {@link #given} is present
 * (e.g. ST depression given LVH, the "strain" pattern), again keeping the marginal.
 */
public class FindingPrior implements Serializable {
  public String name;
  public double prevalence;
  public List<String> rhythms = List.of();
  public List<String> excludes = List.of();
  public String given;
  public double factor = 1.0;

  public FindingPrior() {}

  public FindingPrior(String name, double prevalence) {
    this.name = name;
    this.prevalence = prevalence;
  }
}
