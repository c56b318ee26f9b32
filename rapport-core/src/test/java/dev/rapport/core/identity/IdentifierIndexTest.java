package dev.rapport.core.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rapport.core.Identifier;
import org.junit.jupiter.api.Test;

class IdentifierIndexTest {
  private final IdentifierIndex index = new IdentifierIndex();

  private int add(Identifier id) {
    assertThat(index.get(id)).isEqualTo(-1);
    int node = index.size();
    index.putLastLookedUp(node);
    return node;
  }

  @Test
  void findsEveryIdentifierAddedAcrossManyGrowths() {
    int n = 200_000;
    for (int i = 0; i < n; i++) {
      assertThat(add(Identifier.of("customer_id", "C" + i))).isEqualTo(i);
    }
    for (int i = 0; i < n; i++) {
      assertThat(index.get(Identifier.of("customer_id", "C" + i))).isEqualTo(i);
    }
    assertThat(index.get(Identifier.of("customer_id", "C" + n))).isEqualTo(-1);
    assertThat(index.size()).isEqualTo(n);
  }

  @Test
  void theTypeIsPartOfTheKey() {
    int email = add(Identifier.of("email", "x1"));
    int device = add(Identifier.of("device_id", "x1"));
    assertThat(index.get(Identifier.of("email", "x1"))).isEqualTo(email);
    assertThat(index.get(Identifier.of("device_id", "x1"))).isEqualTo(device);
    assertThat(email).isNotEqualTo(device);
  }

  @Test
  void theSeparatorKeepsTypeAndValueApart() {
    // "ab" + "c" and "a" + "bc" concatenate alike; the separator must tell them apart.
    add(Identifier.of("ab", "c"));
    assertThat(index.get(Identifier.of("a", "bc"))).isEqualTo(-1);
  }

  @Test
  void valuesOfEveryLengthAroundTheBlockSizeAreDistinct() {
    // 16-byte blocks hold 8 UTF-16 units; lengths 0..40 cross the block and tail boundaries.
    StringBuilder v = new StringBuilder();
    for (int len = 1; len <= 40; len++) {
      v.append((char) ('a' + len % 26));
      add(Identifier.of("device_id", v.toString()));
      add(Identifier.of("device_id", v + "\u00e9"));
    }
    assertThat(index.size()).isEqualTo(80);
  }
}
