package dev.rapport.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.core.Channel;
import dev.rapport.core.Identifier;
import dev.rapport.core.Interaction;
import dev.rapport.core.Kind;
import dev.rapport.core.Outcome;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** One JSON object as one interaction; the framing of request bodies is EventJsonTest's. */
class InteractionJsonTest {
  @Property(tries = 500)
  void utc_readsWhatTheFormatterReads(
      @ForAll @LongRange(min = 0, max = 4_294_967_295L) long second,
      @ForAll @LongRange(min = 0, max = 999_999_999) long nanos) {
    String text = Instant.ofEpochSecond(second, nanos).toString();
    assertThat(InteractionJson.utc(text)).isEqualTo(OffsetDateTime.parse(text).toInstant());
  }

  @Test
  void utc_leavesOtherFormsToTheFormatter() {
    assertThat(InteractionJson.utc("2026-02-30T10:00:00Z")).isNull(); // no such day
    assertThat(InteractionJson.utc("2026-01-31T10:00:00+01:00")).isNull();
    assertThat(InteractionJson.utc("2026-01-31T25:00:00Z")).isNull();
    assertThat(InteractionJson.utc("2026-01-31 10:00:00Z")).isNull();
    assertThat(InteractionJson.utc("2026-01-31T10:00:00.Z")).isNull();
  }

  private static InteractionJson.Item parse(String json) {
    return InteractionJson.parse(json.getBytes(StandardCharsets.UTF_8), 7);
  }

  @Test
  void oneObject_isOneInteraction() {
    InteractionJson.Item i =
        parse(
            "{\"event_id\":\"a\",\"ts\":\"2026-01-01T00:00:00Z\",\"channel\":\"web\","
                + "\"kind\":\"purchase\",\"value\":12.5,\"identifiers\":{\"email\":\"ann@x.org\"}}");
    assertThat(i.errors()).isEmpty();
    assertThat(i.event().eventId()).isEqualTo("a");
    assertThat(i.event().channel()).isEqualTo(Channel.WEB);
    assertThat(i.event().kind()).isEqualTo(Kind.PURCHASE);
    assertThat(i.event().value()).isEqualTo(12.5);
    assertThat(i.event().identifiers()).containsExactly(Identifier.of("email", "ann@x.org"));
  }

  @Test
  void badFields_areEachNamed_withTheIndexGiven() {
    InteractionJson.Item i =
        parse(
            "{\"event_id\":\"a\",\"ts\":\"yesterday\",\"channel\":\"pigeon\",\"kind\":\"touch\","
                + "\"identifiers\":{\"email\":\"ann@x.org\"}}");
    assertThat(i.event()).isNull();
    assertThat(i.errors()).extracting(ItemError::field).containsExactly("ts", "channel");
    assertThat(i.errors()).extracting(ItemError::index).containsOnly(7);
    assertThat(i.errors().get(1).value()).isEqualTo("pigeon");
  }

  @Test
  void notOneObject_isRefused() {
    assertThat(parse("[1]").errors().get(0).rule()).isEqualTo("an item must be a JSON object");
    assertThat(parse("{\"event_id\": oops").errors().get(0).rule()).startsWith("malformed JSON");
    String two =
        "{\"event_id\":\"a\",\"ts\":\"2026-01-01T00:00:00Z\",\"channel\":\"web\","
            + "\"kind\":\"signup\",\"identifiers\":{\"customer_id\":\"1\"}} {}";
    InteractionJson.Item i = parse(two);
    assertThat(i.event()).isNull();
    assertThat(i.errors().get(0).rule()).isEqualTo("a record must hold one JSON object only");
  }

  @Test
  void write_isReadBackEqual() {
    Random rnd = new Random(3);
    for (int i = 0; i < 500; i++) {
      Interaction e =
          new Interaction(
              "e-" + i,
              i % 3 == 0
                  ? List.of(Identifier.of("email", "a" + i + "@x.org"))
                  : List.of(
                      Identifier.of("email", "a" + i + "@x.org"),
                      Identifier.of("email", "b" + i + "@x.org"),
                      Identifier.of("customer_id", "C" + i)),
              Instant.ofEpochSecond(
                  1_700_000_000L + rnd.nextInt(100_000_000), rnd.nextInt(1000) * 1_000_000),
              Channel.values()[rnd.nextInt(Channel.values().length)],
              i % 2 == 0 ? Kind.TOUCH : Kind.PURCHASE,
              i % 4 == 0 ? Outcome.ENGAGED : null,
              i % 5 == 0 ? "spring" : null,
              i % 5 == 0 ? "b" : null,
              i % 7 == 0 ? Boolean.TRUE : null,
              i % 2 == 0 ? 0 : rnd.nextDouble() * 100,
              i % 3 == 0 ? 0.01 : 0,
              i % 6 == 0 ? rnd.nextInt(11) : Double.NaN,
              i % 8 == 0 ? "thanks \"quoted\" ü" : null,
              i % 9 == 0 ? Map.of("sku", "A-" + i) : Map.of());
      InteractionJson.Item back = InteractionJson.parse(InteractionJson.write(e), i);
      assertThat(back.errors()).as(e.toString()).isEmpty();
      assertThat(back.event()).isEqualTo(e);
    }
  }
}
