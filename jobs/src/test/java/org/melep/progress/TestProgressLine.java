package org.melep.progress;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TestProgressLine {

  @Test
  void rendersStageTasksRecordsRateAndClock() {
    ProgressLine line =
        new ProgressLine(3, "melep score: pass 1 (joint counts)", 5, 8, 0, 120_345, 3_000, 12_400);
    assertThat(line.render(200))
        .isEqualTo(
            "[stage 3 melep score: pass 1 (joint counts)] tasks 5/8  records 120,345 (40,115/s)  00:12");
  }

  @Test
  void rateIsRecordsOverStageTimeAndZeroBeforeAnyTime() {
    assertThat(new ProgressLine(0, "s", 0, 1, 0, 500, 2_000, 0).recordsPerSecond()).isEqualTo(250);
    assertThat(new ProgressLine(0, "s", 0, 1, 0, 500, 0, 0).recordsPerSecond()).isZero();
    assertThat(new ProgressLine(0, "s", 0, 1, 0, 0, 0, 0).render(200))
        .isEqualTo("[stage 0 s] tasks 0/1  records 0 (0/s)  00:00");
  }

  @Test
  void showsFailedTaskAttemptsOnlyWhenThereAreSome() {
    assertThat(new ProgressLine(7, "write", 3, 4, 2, 10, 1_000, 61_000).render(200))
        .isEqualTo("[stage 7 write] tasks 3/4 (2 failed)  records 10 (10/s)  01:01");
  }

  @Test
  void clockShowsHoursPastAnHour() {
    assertThat(ProgressLine.clock(0)).isEqualTo("00:00");
    assertThat(ProgressLine.clock(59_999)).isEqualTo("00:59");
    assertThat(ProgressLine.clock(3_599_000)).isEqualTo("59:59");
    assertThat(ProgressLine.clock(3_600_000 + 62_000)).isEqualTo("1:01:02");
    assertThat(ProgressLine.clock(-5)).isEqualTo("00:00");
  }

  @Test
  void shortensTheNameNeverTheCountersToFitTheWidth() {
    ProgressLine line =
        new ProgressLine(
            12, "melep predict: infer and write /very/long/output/path", 1, 2, 0, 3, 1_000, 1_000);
    String counters = "] tasks 1/2  records 3 (3/s)  00:01";
    String text = line.render(60);
    assertThat(text).hasSize(60).startsWith("[stage 12 melep predic").endsWith("..." + counters);
    assertThat(line.render(10)).isEqualTo("[stage 12 " + counters);
  }

  @Test
  void controlCharactersInTheNameCannotBreakTheLine() {
    ProgressLine line = new ProgressLine(1, "two\nlines\r\tand\u001b[2Jescape ", 0, 1, 0, 0, 0, 0);
    assertThat(line.render(200))
        .isEqualTo("[stage 1 two lines  and [2Jescape] tasks 0/1  records 0 (0/s)  00:00");
    assertThat(new ProgressLine(1, null, 0, 1, 0, 0, 0, 0).render(200))
        .startsWith("[stage 1 ] tasks");
  }
}
