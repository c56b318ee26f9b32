package dev.rapport.analytics.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.core.Channel;
import dev.rapport.core.Identifier;
import dev.rapport.core.Interaction;
import dev.rapport.core.Kind;
import dev.rapport.core.config.RapportConfig;
import dev.rapport.core.engine.BatchEngine;
import dev.rapport.core.engine.BatchResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FeedbackTest {
  private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");

  private static Interaction event(
      String who, int day, Kind kind, String campaign, double score, String text) {
    return new Interaction(
        who + day + kind,
        List.of(Identifier.of("customer_id", who)),
        START.plusSeconds(86_400L * day),
        Channel.EMAIL,
        kind,
        null,
        campaign,
        null,
        null,
        0,
        0,
        score,
        text,
        Map.of());
  }

  /**
   * A: NPS 3 with an angry comment. B: CSAT 5 with praise, and answers a touch. C: a complaint,
   * never engaged. D: NPS 9, no text.
   */
  @Test
  void sentimentPerCustomer_andTheFollowUpList_withReasons_mostRecentFirst() {
    List<Interaction> e = new ArrayList<>();
    e.add(event("A", 1, Kind.SURVEY, "nps", 3, "Terrible support, I hate waiting!"));
    e.add(event("B", 2, Kind.TOUCH, null, Double.NaN, null));
    e.add(event("B", 2, Kind.RESPONSE, null, Double.NaN, null));
    e.add(event("B", 3, Kind.SURVEY, "csat", 5, "Great service, love it"));
    e.add(event("C", 5, Kind.COMPLAINT, null, Double.NaN, "Too many emails"));
    e.add(event("D", 6, Kind.SURVEY, "nps", 9, null));
    BatchEngine engine = new BatchEngine(RapportConfig.defaults(), 1);
    engine.addAll(e);
    BatchResult r = engine.run(START.plusSeconds(86_400L * 10));
    List<Feedback.Text> texts = new ArrayList<>();
    for (Interaction i : e) {
      if (i.text() != null) {
        int customer =
            List.of("A", "B", "C", "D").indexOf(i.identifiers().get(0).value().toUpperCase());
        texts.add(new Feedback.Text(customer, i.ts(), i.kind(), i.channel(), i.text()));
      }
    }
    Feedback.Result f = Feedback.of(texts, r.profiles(), r.services(), r.kpiEvidence());
    assertThat(f.texts()).isEqualTo(3);
    assertThat(f.positive()).isEqualTo(1);
    assertThat(f.negative()).isEqualTo(1); // "Too many emails" scores 0: neutral
    assertThat(f.byCustomer()[1].meanCompound()).isPositive();
    assertThat(f.byCustomer()[3]).isNull();
    // C wrote last, so C comes first; B (satisfied) and D (a promoter) are not on the list.
    assertThat(f.followUp()).extracting(Feedback.FollowUp::customer).containsExactly(2, 0);
    assertThat(f.followUp().get(0).reasons()).containsExactly("complained");
    assertThat(f.followUp().get(1).reasons())
        .containsExactly(
            "detractor (last NPS 3)",
            String.format(
                java.util.Locale.ROOT,
                "very negative last message (%.2f)",
                f.byCustomer()[0].lastCompound()));
    // The themes compare A's and C's texts (unhappy, or never engaged) with B's.
    assertThat(f.unhappyTexts()).isEqualTo(2);
  }
}
