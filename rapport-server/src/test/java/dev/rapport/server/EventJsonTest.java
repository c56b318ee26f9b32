package dev.rapport.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EventJsonTest {
  private static EventJson.Parsed parse(String body) {
    return EventJson.parse(body.getBytes(StandardCharsets.UTF_8), 100);
  }

  @Test
  void jsonLines_aMalformedLine_isThatItemsError_andTheOthersAreRead() {
    String good =
        "{\"event_id\":\"a\",\"ts\":\"2026-01-01T00:00:00Z\",\"channel\":\"web\",\"kind\":\"signup\","
            + "\"identifiers\":{\"customer_id\":\"1\"}}";
    EventJson.Parsed p = parse(good + "\n{\"event_id\": oops\n\n" + good.replace("\"a\"", "\"b\""));
    assertThat(p.read()).isEqualTo(3);
    assertThat(p.events()).hasSize(2);
    assertThat(p.errors())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.index()).isEqualTo(1);
              assertThat(e.line()).isEqualTo(2);
              assertThat(e.rule()).startsWith("malformed JSON");
            });
    EventJson.Parsed twoOnALine = parse(good + good);
    assertThat(twoOnALine.events()).isEmpty();
    assertThat(twoOnALine.errors().get(0).rule()).contains("one JSON object only");
    EventJson.Parsed fast = parse(good + "\n" + good.replace("\"a\"", "\"c\"") + "\n");
    assertThat(fast.events()).extracting(e -> e.eventId()).containsExactly("a", "c");
    assertThat(fast.rejected()).isEmpty();
  }

  @Test
  void aNulInText_isThatItemsError_namingTheField() {
    String item =
        "{\"event_id\":\"n\",\"ts\":\"2026-01-01T00:00:00Z\",\"channel\":\"web\","
            + "\"kind\":\"review\",\"text\":\"a\\u0000b\",\"identifiers\":{\"customer_id\":\"1\"}}";
    EventJson.Parsed p = parse(item);
    assertThat(p.events()).isEmpty();
    assertThat(p.errors())
        .singleElement()
        .satisfies(e -> assertThat(e.rule()).contains("field text holds U+0000 (NUL)"));
  }
}
