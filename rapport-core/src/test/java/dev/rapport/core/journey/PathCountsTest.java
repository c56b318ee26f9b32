package dev.rapport.core.journey;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PathCountsTest {
  @Test
  void countsAgreeWithAMap_throughGrowthAndMerging() {
    SplittableRandom r = new SplittableRandom(3);
    PathCounts a = new PathCounts();
    PathCounts b = new PathCounts();
    Map<Long, long[]> expected = new HashMap<>();
    for (int i = 0; i < 50_000; i++) {
      long key = (1L << 48) | r.nextInt(5_000); // one-step paths, 5,000 distinct
      int outcome = r.nextInt(3);
      (i % 2 == 0 ? a : b).add(key, outcome, 1);
      expected.computeIfAbsent(key, k -> new long[3])[outcome]++;
    }
    a.addAll(b);
    Map<Long, long[]> actual = a.toMap();
    assertThat(actual).hasSameSizeAs(expected);
    expected.forEach((k, v) -> assertThat(actual.get(k)).as("%x", k).containsExactly(v));
  }
}
