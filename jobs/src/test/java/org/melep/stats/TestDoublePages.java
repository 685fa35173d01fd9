package org.melep.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestDoublePages {

  @Test
  void runsAreZeroDisjointAndStayWhereTheyWereWhenMoreAreAllocated() {
    DoublePages pages = new DoublePages();
    List<long[]> runs = new ArrayList<>(); // handle, width
    int[] widths = {3, DoublePages.PAGE - 2, 5, DoublePages.PAGE + 7, 1, 0, 800};
    double value = 1;
    for (int round = 0; round < 40; round++) {
      int w = widths[round % widths.length];
      long h = pages.allocate(w);
      double[] page = pages.page(h);
      int at = DoublePages.offset(h);
      assertThat(at + w).isLessThanOrEqualTo(page.length);
      for (int k = 0; k < w; k++) {
        assertThat(page[at + k]).isZero();
        page[at + k] = value + k;
      }
      runs.add(new long[] {h, w, (long) value});
      value += 1_000_000;
    }
    // every run still holds what was written into it: none overlaps another, none moved
    for (long[] r : runs) {
      double[] page = pages.page(r[0]);
      int at = DoublePages.offset(r[0]);
      for (int k = 0; k < r[1]; k++) {
        assertThat(page[at + k]).isEqualTo(r[2] + k);
      }
    }
  }

  @Test
  void aNegativeWidthIsAnError() {
    assertThatThrownBy(() -> new DoublePages().allocate(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-1");
  }
}
