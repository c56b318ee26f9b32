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

  @Test
  void exactShortDecimal_agreesBitForBitWithParseDouble() {
    java.util.SplittableRandom random = new java.util.SplittableRandom(7);
    for (int t = 0; t < 300_000; t++) {
      int count = 1 + random.nextInt(15);
      StringBuilder s = new StringBuilder(random.nextInt(3) == 0 ? "-" : "");
      int point = random.nextInt(count + 1);
      for (int i = 0; i < count; i++) {
        if (i == point && i > 0) {
          s.append('.');
        }
        s.append((char) ('0' + random.nextInt(10)));
      }
      String text = s.toString();
      assertThat(Double.doubleToRawLongBits(Numbers.exactShortDecimal(text)))
          .as(text)
          .isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(text)));
    }
  }

  @Test
  void exactShortDecimal_leavesLongOrExponentFormsToParseDouble() {
    assertThat(Numbers.exactShortDecimal("1234567890123456")).isNaN();
    assertThat(Numbers.exactShortDecimal("1e5")).isNaN();
    assertThat(Numbers.exactShortDecimal("1.2.3")).isNaN();
    assertThat(Numbers.parse("1234567890123456.5")).isEqualTo(1234567890123456.5);
    assertThat(Numbers.parse("-0")).isEqualTo(-0.0);
  }
}
