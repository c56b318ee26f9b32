package dev.rapport.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rapport.core.config.RapportConfig;
import dev.rapport.core.engine.BatchEngine;
import dev.rapport.core.engine.BatchResult;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SnapshotCodecTest {
  @Test
  void everyProfileAndLifecycle_comesBackEqual() {
    BatchEngine batch = new BatchEngine(RapportConfig.defaults(), 1, true);
    RapportJobTest.people(new Random(1), 60, 2_000).forEach(batch::add);
    BatchResult r = batch.run(null);
    assertThat(r.profiles()).hasSizeGreaterThan(30);
    for (int i = 0; i < r.profiles().size(); i++) {
      SnapshotCodec.Decoded d =
          SnapshotCodec.decode(SnapshotCodec.encode(r.profiles().get(i), r.lifecycles().get(i)));
      assertThat(d.profile()).isEqualTo(r.profiles().get(i));
      assertThat(d.lifecycle()).isEqualTo(r.lifecycles().get(i));
    }
  }

  @Test
  void bytesThatAreNotASnapshot_areRefused() {
    assertThatThrownBy(() -> SnapshotCodec.decode(new byte[] {1, 2, 3}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not an encoded snapshot");
  }
}
