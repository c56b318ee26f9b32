package dev.rapport.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobOptionsTest {
  private static final String PG = "jdbc:postgresql://db:5432/rapport";

  @TempDir Path dir;

  @Test
  void aStreamFromKafka_withDefaults() {
    JobOptions o =
        JobOptions.parse(
            "--kafka",
            "k:9092",
            "--topic",
            "ev",
            "--postgres",
            PG,
            "--rejects-topic",
            "rej",
            "--transitions-topic",
            "tr");
    assertThat(o.asOf()).isNull();
    assertThat(o.bounded()).isFalse();
    assertThat(o.group()).isEqualTo("rapport");
    assertThat(o.schema()).isEqualTo("rapport");
    assertThat(o.grain()).isEqualTo(Duration.ofMinutes(1));
    assertThat(o.outOfOrder()).isEqualTo(Duration.ofHours(1));
    assertThat(o.checkpointInterval()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void aBackfillFromFiles_asOfATime() throws Exception {
    Path f = Files.writeString(dir.resolve("a.jsonl"), "{}\n");
    JobOptions o =
        JobOptions.parse(
            "--files",
            f.toString(),
            "--as-of",
            "2026-01-31T00:00:00Z",
            "--postgres",
            PG,
            "--rejects-dir",
            dir.toString());
    assertThat(o.files()).containsExactly(f);
    assertThat(o.bounded()).isTrue();
    assertThat(o.asOf()).isEqualTo(Instant.parse("2026-01-31T00:00:00Z"));
  }

  @Test
  void badOptions_areNamed_withTheValueAndTheRule() {
    String[] base = {
      "--kafka", "k:9092", "--topic", "ev", "--postgres", PG, "--rejects-topic", "r"
    };
    assertThatThrownBy(() -> JobOptions.parse(with(base, "--grain", "soon")))
        .hasMessageContaining("--grain: 'soon' is not a duration");
    assertThatThrownBy(() -> JobOptions.parse(with(base, "--grain", "PT0.5S")))
        .hasMessageContaining("--grain: 'PT0.5S' must be a positive whole number of seconds");
    assertThatThrownBy(() -> JobOptions.parse(with(base, "--as-of", "2026-01-31T00:00:00Z")))
        .hasMessageContaining("--as-of")
        .hasMessageContaining("--bounded");
    assertThatThrownBy(() -> JobOptions.parse(with(base, "--as-of", "yesterday", "--bounded")))
        .hasMessageContaining("--as-of: 'yesterday' is not an instant");
    assertThatThrownBy(() -> JobOptions.parse(with(base, "--paralelism", "2")))
        .hasMessageContaining("--paralelism: unknown option");
    assertThatThrownBy(() -> JobOptions.parse(with(base, "--config", "nope.yaml")))
        .hasMessageContaining("--config: 'nope.yaml' is not a file");
    assertThatThrownBy(
            () -> JobOptions.parse("--kafka", "k:9092", "--topic", "ev", "--postgres", PG))
        .hasMessageContaining("rejects: give --rejects-topic or --rejects-dir");
    assertThatThrownBy(
            () ->
                JobOptions.parse(
                    "--kafka",
                    "k:9092",
                    "--topic",
                    "ev",
                    "--postgres",
                    "jdbc:duckdb:x",
                    "--rejects-topic",
                    "r"))
        .hasMessageContaining("--postgres: 'jdbc:duckdb:x' must be a PostgreSQL JDBC URL");
    assertThatThrownBy(() -> JobOptions.parse("--topic", "ev", "--postgres", PG))
        .hasMessageContaining("--topic: needs --kafka");
    assertThatThrownBy(
            () ->
                JobOptions.parse(
                    with(
                        base,
                        "--bounded",
                        "--as-of",
                        "2026-01-31T00:00:00Z",
                        "--triggers-topic",
                        "t")))
        .hasMessageContaining("--triggers-topic: a backfill (--as-of)");
    assertThatThrownBy(() -> JobOptions.parse("--files", "x", "--triggers-topic", "t"))
        .hasMessageContaining("--files: 'x' is not a file");
    assertThatThrownBy(() -> JobOptions.parse(with(base, "--topic", "again")))
        .hasMessageContaining("--topic: given twice");
  }

  private static String[] with(String[] base, String... more) {
    String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return all;
  }
}
