package org.melep.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.melep.status.Status.Degenerate;
import org.melep.status.Status.Failed;
import org.melep.status.Status.Incomplete;
import org.melep.status.Status.Lack;
import org.melep.status.Status.Ok;
import org.melep.status.Status.Wording;

/** Each status renders as the text the status columns always held, and reads back from it. */
class TestStatus {

  @Test
  void textsAreTheColumnsTextsByteForByte() {
    assertThat(Status.ok().text()).isEqualTo("ok");
    assertThat(new Ok("rank-deficient: F^T F has rank 4 of 5").text())
        .isEqualTo("rank-deficient: F^T F has rank 4 of 5");
    assertThat(Degenerate.noRecords().text()).isEqualTo("degenerate: no records");
    assertThat(new Degenerate(Lack.POSITIVES, List.of("PVC"), Wording.MELEP).text())
        .isEqualTo("degenerate: no positives for label 'PVC'");
    assertThat(new Degenerate(Lack.NEGATIVES, List.of("AF", "NORM"), Wording.MELEP).text())
        .isEqualTo("degenerate: no negatives for label 'AF', 'NORM'");
    assertThat(new Degenerate(Lack.POSITIVES, List.of("L1"), Wording.METRIC).text())
        .isEqualTo("degenerate: label L1 has no positives");
    assertThat(new Degenerate(Lack.NEGATIVES, List.of("L1"), Wording.METRIC).text())
        .isEqualTo("degenerate: label L1 has no negatives");
    assertThat(new Degenerate(Lack.RECORDS, List.of(), Wording.METRIC).text())
        .isEqualTo("empty: no records");
    assertThat(new Incomplete(40, 3, 1).text())
        .isEqualTo("incomplete: 3 of 40 fold records have no prediction");
    assertThat(new Incomplete(40, 0, 2).text())
        .isEqualTo("incomplete: 2 fold records have no targets");
    assertThat(new Incomplete(40, 40, 0).text())
        .isEqualTo("incomplete: no prediction for any of the 40 fold records");
    assertThat(new Failed("model error: boom").text()).isEqualTo("failed: model error: boom");
  }

  @Test
  void kindsAndValues() {
    assertThat(
            List.of(Status.ok(), Degenerate.noRecords(), new Incomplete(2, 1, 0), new Failed("x")))
        .extracting(Status::kind)
        .containsExactly("ok", "degenerate", "incomplete", "failed");
    assertThat(
            new Ok("constant-features: 2 (label, feature) pairs with a constant class").hasValue())
        .isTrue();
    assertThat(Degenerate.noRecords().hasValue()).isFalse();
    assertThat(new Ok("ok")).isEqualTo(Status.ok());
  }

  @Test
  void parseReadsEveryTextBack() {
    List<Status> all =
        List.of(
            Status.ok(),
            new Ok("rank-deficient: cov(f) has rank 4 of 5"),
            new Ok("constant-features: 2 (label, feature) pairs with a constant class"),
            Degenerate.noRecords(),
            new Degenerate(Lack.POSITIVES, List.of("PVC", "a, b"), Wording.MELEP),
            new Degenerate(Lack.NEGATIVES, List.of("AF"), Wording.MELEP),
            new Degenerate(Lack.POSITIVES, List.of("L 1"), Wording.METRIC),
            new Degenerate(Lack.NEGATIVES, List.of("L1"), Wording.METRIC),
            new Degenerate(Lack.RECORDS, List.of(), Wording.METRIC),
            new Incomplete(40, 3, 0),
            new Incomplete(40, 40, 0),
            new Incomplete(0, 0, 2),
            new Failed("3 records have more than one prediction, e.g. record r1"));
    for (Status s : all) {
      assertThat(Status.parse(s.text())).as(s.text()).isEqualTo(s);
    }
    // counts a text does not show are not kept
    assertThat(Status.parse(new Incomplete(40, 3, 5).text()).text())
        .isEqualTo(new Incomplete(40, 3, 5).text());
  }

  @Test
  void wrongStatusesAreRefused() {
    assertThatThrownBy(() -> Status.parse("degenerated"))
        .hasMessage("Cannot read status: degenerated");
    assertThatThrownBy(() -> Status.parse("failed")).hasMessage("Cannot read status: failed");
    assertThatThrownBy(() -> Status.parse(null)).hasMessage("Cannot read a status: null");
    assertThatThrownBy(() -> new Incomplete(10, 0, 0))
        .hasMessageContaining("Cannot describe an incomplete group");
    assertThatThrownBy(() -> new Degenerate(Lack.POSITIVES, List.of(), Wording.MELEP))
        .hasMessageContaining("Cannot describe a degenerate group");
    assertThatThrownBy(() -> new Degenerate(Lack.POSITIVES, List.of("a", "b"), Wording.METRIC))
        .hasMessageContaining("several labels");
  }
}
