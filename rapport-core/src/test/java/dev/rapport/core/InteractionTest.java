package dev.rapport.core;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InteractionTest {
  private static Interaction with(String text, Map<String, String> attributes) {
    return new Interaction(
        "e1",
        List.of(Identifier.of("customer_id", "1")),
        Instant.parse("2026-01-01T00:00:00Z"),
        Channel.WEB,
        Kind.REVIEW,
        null,
        null,
        null,
        null,
        0,
        0,
        Double.NaN,
        text,
        attributes);
  }

  /** PostgreSQL's text cannot hold U+0000, so no store takes it: refused where events are made. */
  @Test
  void aNulInAnyTextField_isRefused_namingTheEventAndTheField() {
    assertThatThrownBy(() -> with("a\u0000b", Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("event e1: field text holds U+0000 (NUL), which no store can keep");
    assertThatThrownBy(() -> with(null, Map.of("sku", "x\u0000")))
        .hasMessageContaining("field attributes.sku");
    assertThatThrownBy(() -> Identifier.of("email", "a\u0000@x.org"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("U+0000");
  }
}
