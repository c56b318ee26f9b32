package dev.rapport.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EventIdsTest {
  private static String murmur(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    return EventIds.hex128(b, b.length);
  }

  /** The published MurmurHash3 x64-128 test vectors (seed 0), as h1 then h2. */
  @Test
  void matchesTheReferenceMurmurHash3() {
    assertThat(murmur("")).isEqualTo("00000000000000000000000000000000");
    assertThat(murmur("The quick brown fox jumps over the lazy dog"))
        .isEqualTo("e34bbc7bbc071b6c7a433ca9c49a9347");
  }

  /** Ids already stored in workspaces must never change (value from the first release). */
  @Test
  void derivedIdsAreStable() {
    assertThat(EventIds.derive("online-retail", "536365", "85123A", "6"))
        .isEqualTo("8b193cebf84b5e508d3216d9fc689741");
  }
}
