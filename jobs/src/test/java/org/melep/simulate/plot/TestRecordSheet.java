package org.melep.simulate.plot;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;
import org.melep.simulate.Condition;
import org.melep.simulate.SimulationConfig;

class TestRecordSheet {
  @Test
  void onePanelPerConditionInAGridOfFour() {
    BufferedImage img = new RecordSheet(SimulationConfig.embedded(), 1).render();
    int panels = Condition.values().length;
    assertThat(img.getWidth()).isEqualTo(4 * 560);
    assertThat(img.getHeight()).isEqualTo(((panels + 3) / 4) * 260);
    // something was drawn: not a blank sheet
    int first = img.getRGB(100, 100);
    boolean varied = false;
    for (int x = 0; x < 560 && !varied; x += 3) {
      varied = img.getRGB(x, 130) != first;
    }
    assertThat(varied).isTrue();
  }

  @Test
  void compareShowsOneRowPerConditionAndOneColumnPerDataset() {
    BufferedImage img =
        new RecordSheet(SimulationConfig.embedded(), 1)
            .compare(
                java.util.List.of("sim_ptbxl", "sim_georgia"),
                java.util.List.of(
                    Condition.NORM.bit(), Condition.mask(Condition.NORM, Condition.LAD)));
    assertThat(img.getWidth()).isEqualTo(2 * 560);
    assertThat(img.getHeight()).isEqualTo(2 * 260);
    int first = img.getRGB(560 + 100, 260 + 100);
    boolean varied = false;
    for (int x = 560; x < 2 * 560 && !varied; x += 3) {
      varied = img.getRGB(x, 260 + 130) != first;
    }
    assertThat(varied).isTrue();
  }
}
