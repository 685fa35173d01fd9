package org.melep.inference;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TestInferenceException {

  @Test
  void namesCheckpointAndRecord() {
    InferenceException e = new InferenceException("m", "ds/r1", "model output NaN for label AF");
    assertThat(e)
        .hasMessage("Cannot run checkpoint m on record ds/r1: model output NaN for label AF");
    assertThat(e.checkpoint()).isEqualTo("m");
    assertThat(e.recordId()).isEqualTo("ds/r1");
    assertThat(new InferenceException("m", null, "broken"))
        .hasMessage("Cannot run checkpoint m: broken");
  }

  @Test
  void findsTheFailureBehindSparkErrors() {
    InferenceException cause = new InferenceException("m", "r", "bad");
    RuntimeException wrapped =
        new RuntimeException("Job aborted", new IllegalStateException("x", cause));
    InferenceException found = InferenceException.find(wrapped);
    assertThat(found).hasMessage("Cannot run checkpoint m on record r: bad");
    assertThat(found.recordId()).isEqualTo("r");

    RuntimeException text =
        new RuntimeException(
            "Job aborted due to stage failure: Task 1 in stage 6.0 failed 1 times, most recent failure: Lost task"
                + " 1.0 (TID 9) (host executor 1): org.melep.inference.InferenceException: Cannot run checkpoint m"
                + " on record r7: record has 500 samples, the checkpoint takes 1000\n\tat org.melep...");
    assertThat(InferenceException.find(text))
        .hasMessage(
            "Cannot run checkpoint m on record r7: record has 500 samples, the checkpoint takes 1000");
    assertThat(InferenceException.find(new RuntimeException("other"))).isNull();
  }
}
