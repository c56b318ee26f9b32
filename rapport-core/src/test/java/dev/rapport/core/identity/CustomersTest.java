package dev.rapport.core.identity;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class CustomersTest {
  @Property(tries = 2000)
  void prefixKeysNeverContradictStringOrder(@ForAll("ids") String a, @ForAll("ids") String b) {
    int byKey = Long.compareUnsigned(Customers.prefix(a), Customers.prefix(b));
    int byString = Integer.signum(a.compareTo(b));
    if (byKey != 0) {
      assertThat(Integer.signum(byKey)).as("%s vs %s", a, b).isEqualTo(byString);
    }
  }

  @Provide
  Arbitrary<String> ids() {
    // Few distinct characters, so that long shared prefixes are common; includes the edge units
    // 0, 254, 255, 256 and a surrogate.
    return Arbitraries.strings()
        .withChars('a', 'b', 'C', '0', '9', '\u0000', '\u00fe', '\u00ff', '\u0100', '\ud83d')
        .ofMinLength(0)
        .ofMaxLength(12);
  }

  @Test
  void prefixSeparatesOrdinaryIds() {
    assertThat(Long.compareUnsigned(Customers.prefix("C845031"), Customers.prefix("C845032")))
        .isNegative();
    assertThat(Customers.prefix("C1")).isNotEqualTo(Customers.prefix("C10"));
  }
}
