package dev.rapport.analytics.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * VADER (Hutto & Gilbert 2014, ICWSM-14) on the demo sentences of the reference implementation: the
 * scores its README prints and vaderSentiment-js's tests expect, to the digit.
 */
class VaderTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "VADER is smart, handsome, and funny.|0.0|0.254|0.746|0.8316",
        "VADER is not smart, handsome, nor funny.|0.646|0.354|0.0|-0.7424",
        "VADER is smart, handsome, and funny!|0.0|0.248|0.752|0.8439",
        "VADER is very smart, handsome, and funny.|0.0|0.299|0.701|0.8545",
        "VADER is VERY SMART, handsome, and FUNNY.|0.0|0.246|0.754|0.9227",
        "VADER is VERY SMART, handsome, and FUNNY!!!|0.0|0.233|0.767|0.9342",
        "VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!|0.0|0.294|0.706|0.9469",
        "The book was good.|0.0|0.508|0.492|0.4404",
        "The book was kind of good.|0.0|0.657|0.343|0.3832",
        "The plot was good, but the characters are uncompelling and the dialog is not great."
            + "|0.327|0.579|0.094|-0.7042",
        "At least it isn't a horrible book.|0.0|0.637|0.363|0.431",
        "Make sure you :) or :D today!|0.0|0.294|0.706|0.8633",
        "Today SUX!|0.779|0.221|0.0|-0.5461",
        "Today only kinda sux! But I'll get by, lol|0.179|0.569|0.251|0.2228"
      })
  void reproducesTheReferenceImplementation(
      String text, double neg, double neu, double pos, double compound) {
    assertThat(Vader.score(text)).isEqualTo(new Vader.Scores(neg, neu, pos, compound));
  }

  @Test
  void negationAndIntensifiers_moveTheScoreTheWayARaterWould() {
    double good = Vader.score("The delivery was good").compound();
    assertThat(Vader.score("The delivery was not good").compound()).isNegative();
    assertThat(Vader.score("The delivery was very good").compound()).isGreaterThan(good);
    assertThat(Vader.score("The delivery was slightly good").compound()).isLessThan(good);
    assertThat(Vader.score("").compound()).isZero();
    assertThat(Vader.score(null).compound()).isZero();
  }
}
