package dev.rapport.analytics.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class PainPointsTest {
  @Test
  void terms_areWordsAndAdjacentPairs_withoutFunctionWords_oncePerText() {
    assertThat(Terms.of("The delivery was LATE, late again!"))
        .containsExactly("delivery", "late", "late late"); // "was" breaks the phrase
    assertThat(Terms.of("Support never answered my question"))
        .contains("never answered", "support never")
        .doesNotContain("my");
    assertThat(Terms.of("I don't like it")).contains("don't", "don't like");
  }

  @Test
  void aTermOfTheGroupOnly_ranksAboveOneEveryoneUses() {
    List<String> unhappy = new ArrayList<>();
    List<String> rest = new ArrayList<>();
    unhappy.addAll(Collections.nCopies(10, "delivery late"));
    unhappy.addAll(Collections.nCopies(6, "order arrived"));
    rest.addAll(Collections.nCopies(20, "order arrived"));
    rest.addAll(Collections.nCopies(4, "great service"));
    List<PainPoints.Theme> themes = PainPoints.of(unhappy, rest, 10);
    // the three terms of "delivery late" are tied; ties go alphabetically
    assertThat(themes)
        .extracting(PainPoints.Theme::term)
        .startsWith("delivery", "delivery late", "late");
    assertThat(themes).extracting(PainPoints.Theme::term).doesNotContain("order", "order arrived");
    PainPoints.Theme late = themes.get(1);
    assertThat(late.inGroup()).isEqualTo(10);
    assertThat(late.inRest()).isZero();
    assertThat(late.z()).isGreaterThan(1.96);
  }

  /**
   * Monroe, Colaresi & Quinn (2008) eq. 22 by hand: "late" in 6 of the group's texts and in none of
   * the rest's; the group has 24 term occurrences, the rest 60 (each text has 3 terms).
   */
  @Test
  void logOdds_handComputed() {
    List<String> unhappy = new ArrayList<>(Collections.nCopies(6, "late parcel"));
    unhappy.addAll(Collections.nCopies(2, "nice parcel"));
    List<String> rest = new ArrayList<>(Collections.nCopies(20, "nice parcel"));
    PainPoints.Theme late =
        PainPoints.of(unhappy, rest, 10).stream()
            .filter(t -> t.term().equals("late"))
            .findFirst()
            .orElseThrow();
    double nA = 24;
    double nB = 60;
    double a0 = nA + nB;
    double alpha = 6;
    double delta =
        Math.log((6 + alpha) / (nA + a0 - 6 - alpha)) - Math.log(alpha / (nB + a0 - alpha));
    assertThat(late.logOdds()).isCloseTo(delta, org.assertj.core.api.Assertions.within(1e-12));
    assertThat(late.z())
        .isCloseTo(
            delta / Math.sqrt(1 / 12.0 + 1 / 6.0), org.assertj.core.api.Assertions.within(1e-12));
  }
}
