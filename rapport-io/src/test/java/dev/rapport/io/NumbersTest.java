package dev.rapport.io;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NumbersTest {
  @Test
  void parse_strictDecimals_only() {
    assertThat(Numbers.parse("2.55")).isEqualTo(2.55);
    assertThat(Numbers.parse(" -1 ")).isEqualTo(-1.0);
    assertThat(Numbers.parse("+.5")).isEqualTo(0.5);
    assertThat(Numbers.parse("5.")).isEqualTo(5.0);
    assertThat(Numbers.parse("1.0E20")).isEqualTo(1e20);
    for (String bad :
        new String[] {
          "",
          "1,234.5",
          "1,5",
          "NaN",
          "Infinity",
          "1e999",
          "0x10",
          "1.5d",
          "$3",
          "1 000",
          ".",
          "-",
          "1e"
        }) {
      assertThat(Numbers.parse(bad)).as(bad).isNaN();
    }
  }

  @Test
  void isInteger_acceptsSignedDigitsOnly() {
    assertThat(Numbers.isInteger("-12")).isTrue();
    assertThat(Numbers.isInteger("12.0")).isFalse();
    assertThat(Numbers.isInteger("")).isFalse();
    assertThat(Numbers.isInteger("+")).isFalse();
  }
}
