package org.melep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Parse-only tests of {@code melep train pretrain|finetune}: options, defaults, refusals. */
class TestTrainCommand {

  private static CommandLine cli() {
    return MelepCommand.commandLine(
        new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
  }

  private static Object parse(String... args) {
    return cli().parseArgs(args).subcommand().subcommand().commandSpec().userObject();
  }

  @Test
  void pretrainTakesListsAndThePapersDefaults() {
    TrainPretrainCommand c =
        (TrainPretrainCommand)
            parse(
                "train",
                "pretrain",
                "--corpus",
                "c",
                "--dataset",
                "sim_cpsc,sim_georgia",
                "--dataset",
                "ptbxl",
                "--arch",
                "resnet1d-small",
                "--out",
                "z");
    assertThat(c.datasets).containsExactly("sim_cpsc", "sim_georgia", "ptbxl");
    assertThat(c.architectures).containsExactly("resnet1d-small");
    assertThat(c.train.epochs).isEqualTo(50);
    assertThat(c.train.batchSize).isEqualTo(256);
    assertThat(c.train.learningRate).isEqualTo(0.01);
    assertThat(c.labelSet).isNull();
  }

  @Test
  void finetuneDefaultsToFullModeOneSeedAndAllFolds() {
    TrainFinetuneCommand c =
        (TrainFinetuneCommand)
            parse(
                "train",
                "finetune",
                "--corpus",
                "c",
                "--folds",
                "f",
                "--zoo",
                "z.yaml",
                "--out",
                "g",
                "--epochs",
                "3");
    assertThat(c.mode).isEqualTo("full");
    assertThat(c.seeds).isEqualTo(1);
    assertThat(c.foldIds).isNull();
    assertThat(c.labelSet).isEqualTo("csn");
    assertThat(c.train.epochs).isEqualTo(3);
    assertThat(c.train.validationFraction).isEqualTo(0.2);
  }

  @Test
  void badModeIsAnInvalidInputBeforeSparkStarts() {
    StringWriter err = new StringWriter();
    int status =
        MelepCommand.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(err, true))
            .execute(
                "train",
                "finetune",
                "--corpus",
                "c",
                "--folds",
                "f",
                "--zoo",
                "z",
                "--out",
                "g",
                "--mode",
                "partial");
    assertThat(status).isEqualTo(BaseCommand.EXIT_INVALID_INPUT);
    assertThat(err.toString())
        .isEqualTo("melep: --mode must be full or head: partial" + System.lineSeparator());
  }
}
