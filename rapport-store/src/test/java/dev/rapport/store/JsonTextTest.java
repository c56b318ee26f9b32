package dev.rapport.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rapport.core.config.Signal;
import dev.rapport.core.profile.ScoreComponent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTextTest {

  @Test
  void stringMap_roundTripsAnyText() {
    Map<String, String> map =
        Map.of(
            "plain", "value",
            "quote\"back\\slash/", "new\nline\r\ttab\b\f",
            "controls", "\u0000\u0001\u001f\u007f",
            "unicode", "Grüße 東京 🎉",
            "", "");

    String json = JsonText.writeStringMap(map);

    assertThat(JsonText.readStringMap(json)).isEqualTo(map);
  }

  @Test
  void stringMap_emptyIsNull_andNamesAreSorted() {
    assertThat(JsonText.writeStringMap(Map.of())).isNull();
    assertThat(JsonText.readStringMap(null)).isEmpty();
    assertThat(JsonText.writeStringMap(Map.of("b", "2", "a", "1")))
        .isEqualTo("{\"a\":\"1\",\"b\":\"2\"}");
  }

  @Test
  void stringMap_readsWhitespaceAndEscapesWrittenByOthers() {
    assertThat(JsonText.readStringMap(" { \"a\" : \"\\u00e9\\/\" , \"b\":\"x\" } "))
        .isEqualTo(Map.of("a", "é/", "b", "x"));
    assertThat(JsonText.readStringMap("{}")).isEmpty();
  }

  @Test
  void stringMap_malformed_namesThePosition() {
    assertThatThrownBy(() -> JsonText.readStringMap("{\"a\":1}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("position 5");
  }

  @Test
  void scoreComponents_roundTripExactly() {
    List<ScoreComponent> components =
        List.of(
            new ScoreComponent(Signal.PURCHASE, 31.200000000000003, 0.1 + 0.2),
            new ScoreComponent(Signal.IGNORED, -0.0, -1.0e-300),
            new ScoreComponent(Signal.COMPLAINED, Double.NaN, Double.NEGATIVE_INFINITY),
            new ScoreComponent(Signal.CANCELLED, Double.MAX_VALUE, Double.MIN_VALUE));

    List<ScoreComponent> read =
        JsonText.readScoreComponents(JsonText.writeScoreComponents(components));

    assertThat(read).isEqualTo(components);
    assertThat(Double.doubleToRawLongBits(read.get(1).points()))
        .isEqualTo(Double.doubleToRawLongBits(-0.0));
    assertThat(JsonText.readScoreComponents(JsonText.writeScoreComponents(List.of()))).isEmpty();
  }
}
