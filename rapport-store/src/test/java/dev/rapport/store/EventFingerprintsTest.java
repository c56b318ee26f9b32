package dev.rapport.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EventFingerprintsTest {

  @Test
  void contains_exactlyWhatWasAdded_acrossGrowth() {
    EventFingerprints set = new EventFingerprints(0);
    Set<Long> added = new HashSet<>();
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < 200_000; i++) {
      long f = random.nextLong() >>> 1;
      set.add(f);
      added.add(f);
    }

    assertThat(set.size()).isEqualTo(added.size());
    for (long f : added) {
      assertThat(set.contains(f)).isTrue();
    }
    SplittableRandom other = new SplittableRandom(4);
    for (int i = 0; i < 200_000; i++) {
      long f = other.nextLong() >>> 1;
      assertThat(set.contains(f)).isEqualTo(added.contains(f));
    }
  }

  @Test
  void edgeValues_andRepeats() {
    EventFingerprints set = new EventFingerprints(10);
    set.add(0);
    set.add(Long.MAX_VALUE);
    set.add(0);

    assertThat(set.size()).isEqualTo(2);
    assertThat(set.contains(0)).isTrue();
    assertThat(set.contains(Long.MAX_VALUE)).isTrue();
    assertThat(set.contains(1)).isFalse();
  }
}
