package org.melep.stats;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TestPositiveLabels {

  @Test
  void aFoldListingALabelTwiceIsRefusedByName() {
    assertThatCode(() -> PositiveLabels.requireNoRepeats("7", List.of("AF", "SB")))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> PositiveLabels.requireNoRepeats("7", List.of("AF", "SB", "AF")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot read the folds table: fold 7 lists label 'AF' more than once");
  }

  @Test
  void indicesMustAscendWithoutRepeatsAndStayInRange() {
    assertThatCode(
            () -> PositiveLabels.requireSortedUnique(new int[] {9, 0, 2, 5}, 1, 3, 6, "record a"))
        .doesNotThrowAnyException();
    assertThatThrownBy(
            () -> PositiveLabels.requireSortedUnique(new int[] {0, 2, 2}, 0, 3, 6, "record a"))
        .hasMessage(
            "Cannot use the positive labels of record a: index 2 at position 2 does not follow 2 "
                + "(expected ascending, unique indices)");
    assertThatThrownBy(
            () -> PositiveLabels.requireSortedUnique(new int[] {3, 1}, 0, 2, 6, "record b"))
        .hasMessageContaining("index 1 at position 1 does not follow 3");
    assertThatThrownBy(() -> PositiveLabels.requireSortedUnique(new int[] {6}, 0, 1, 6, "record c"))
        .hasMessageContaining("index 6 at position 0 is not below 6");
  }
}
