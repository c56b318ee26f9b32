package dev.rapport.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Customer-support tweets ({@code twcs_sample}) through {@code examples/twcs}: the brands'
 * first-response time, customer tweet → first agent reply.
 *
 * <p>{@code twcs_sample/SOURCE.md} quotes a median of 3,051 s over 42 company replies whose parent
 * tweet is in the sample. That counts every reply, and one customer tweet (105842's, 10:42:43) has
 * two: British Airways answered at 13:36:31 and again at 13:37:15. A first-response time counts the
 * first only: 41 customer tweets got a reply, and their median wait is 2,876 s. The test recomputes
 * both figures from the file, and Rapport's must equal the first-response one.
 */
class TwcsIT {
  @TempDir Path tmp;

  @Test
  void medianFirstResponseTime_ofTheBrands() throws Exception {
    Path data = Cli.datasets();
    assumeTrue(data != null, "../shared/datasets not found");
    Path csv = data.resolve("twcs_sample/sample.csv");
    Path ws = tmp.resolve("twcs");
    Cli.Run imported = Cli.importExample(ws, "twcs", csv);
    assertThat(imported.out()).as(imported.err()).contains("read=93 accepted=93 rejected=0");
    Cli.Run kpi = Cli.run("kpi", "--workspace", ws.toString(), "--by", "channel");
    assertThat(kpi.exit()).as(kpi.err()).isZero();
    JsonNode root = new ObjectMapper().readTree(ws.resolve("out/kpis.json").toFile());
    JsonNode all = root.path("overall").path("all");

    long[] firstReplies = TwcsFile.firstReplyDelays(csv);
    long[] everyReply = TwcsFile.everyReplyDelay(csv);
    assertThat(everyReply).hasSize(42);
    assertThat(median(everyReply)).isEqualTo(3051.0); // SOURCE.md's figure
    assertThat(firstReplies).hasSize(41);
    assertThat(median(firstReplies)).isEqualTo(2876.0);

    assertThat(all.path("tickets").asLong()).isEqualTo(49); // every inbound tweet
    assertThat(all.path("first_responses").asLong()).isEqualTo(41);
    assertThat(all.path("first_response_median_hours").asDouble() * 3600)
        .isCloseTo(2876.0, within(0.01));
    JsonNode social = root.path("by_channel").get(0);
    assertThat(social.path("key").asText()).isEqualTo("social");
    assertThat(social.path("kpis").path("first_response_median_hours").asDouble() * 3600)
        .isCloseTo(2876.0, within(0.01));
  }

  private static double median(long[] v) {
    long[] s = v.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2.0;
  }
}
