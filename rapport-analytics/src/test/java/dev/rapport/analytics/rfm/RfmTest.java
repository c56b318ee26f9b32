package dev.rapport.analytics.rfm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RfmTest {
  @Test
  void quintileCutsOnTenValues() {
    // Sorted 1..10: cut points at positions 2, 4, 6, 8 (1-based) -> 2, 4, 6, 8.
    double[] v = {10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
    assertThat(Rfm.cuts(v)).containsExactly(2, 4, 6, 8);
    Rfm rfm = Rfm.fit(v, v, v);
    // Value 1 exceeds no cut: frequency/monetary 1, recency (fewer days is better) 5.
    assertThat(rfm.score(1, 1, 1)).isEqualTo(new Rfm.Score(5, 1, 1));
    assertThat(rfm.score(10, 10, 10)).isEqualTo(new Rfm.Score(1, 5, 5));
    assertThat(rfm.score(5, 5, 5)).isEqualTo(new Rfm.Score(3, 3, 3));
    assertThat(rfm.score(5, 5, 5).code()).isEqualTo("333");
  }

  @Test
  void equalValuesShareAScore_evenWhenMostBuyersBoughtOnce() {
    double[] f = {1, 1, 1, 1, 1, 1, 1, 2, 3, 9};
    Rfm rfm = Rfm.fit(f, f, f);
    assertThat(rfm.score(1, 1, 1).f()).isEqualTo(1);
    assertThat(rfm.score(1, 2, 1).f()).isEqualTo(4); // above the cuts 1, 1, 1 (positions 2, 4, 6)
    assertThat(rfm.score(1, 9, 1).f()).isEqualTo(5);
  }

  @Test
  void nonBuyersHaveNoScore_andAreLeftOutOfTheCuts() {
    double[] r = {Double.NaN, 1, 2, 3, 4, 5};
    assertThat(Rfm.cuts(r)).containsExactly(1, 2, 3, 4);
    assertThat(Rfm.fit(r, r, r).score(Double.NaN, 1, 1)).isNull();
  }

  @Test
  void segmentGrid() {
    assertThat(RfmSegment.of(5, 5)).isEqualTo(RfmSegment.CHAMPIONS);
    assertThat(RfmSegment.of(4, 4)).isEqualTo(RfmSegment.LOYAL);
    assertThat(RfmSegment.of(3, 5)).isEqualTo(RfmSegment.LOYAL);
    assertThat(RfmSegment.of(5, 2)).isEqualTo(RfmSegment.POTENTIAL_LOYALISTS);
    assertThat(RfmSegment.of(5, 1)).isEqualTo(RfmSegment.NEW);
    assertThat(RfmSegment.of(4, 1)).isEqualTo(RfmSegment.PROMISING);
    assertThat(RfmSegment.of(3, 3)).isEqualTo(RfmSegment.NEED_ATTENTION);
    assertThat(RfmSegment.of(3, 1)).isEqualTo(RfmSegment.ABOUT_TO_SLEEP);
    assertThat(RfmSegment.of(2, 4)).isEqualTo(RfmSegment.AT_RISK);
    assertThat(RfmSegment.of(1, 5)).isEqualTo(RfmSegment.CANT_LOSE);
    assertThat(RfmSegment.of(2, 2)).isEqualTo(RfmSegment.HIBERNATING);
    assertThat(RfmSegment.of(1, 1)).isEqualTo(RfmSegment.LOST);
    assertThatThrownBy(() -> RfmSegment.of(0, 3)).hasMessageContaining("1-5");
    // Every cell of the grid has a segment, and every segment has a cell.
    java.util.Set<RfmSegment> seen = java.util.EnumSet.noneOf(RfmSegment.class);
    for (int r = 1; r <= 5; r++) {
      for (int f = 1; f <= 5; f++) {
        seen.add(RfmSegment.of(r, f));
      }
    }
    assertThat(seen).containsExactlyInAnyOrder(RfmSegment.values());
  }
}
