package dev.rapport.flink;

import dev.rapport.core.Channel;
import dev.rapport.core.Identifier;
import dev.rapport.core.Interaction;
import dev.rapport.core.Kind;
import dev.rapport.core.config.RapportConfig;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/**
 * The single resolver's heap per customer: its identity graph and clusters live on the heap
 * whatever the state backend (they are rebuilt from the checkpointed link log on a restore), so
 * this is what bounds how many customers one resolver can hold. People with a device id, an e-mail
 * and a customer id each, one event with each identifier, go through the resolver in Flink's
 * operator test harness with RocksDB state, as a cluster runs it; the heap held after a full GC,
 * less the idle baseline, is divided by the customers. Run as FlinkBench is run, with {@code
 * dev.rapport.flink.ResolverHeap [people]}.
 */
public final class ResolverHeap {
  private ResolverHeap() {}

  public static void main(String[] args) throws Exception {
    int people = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    Runtime rt = Runtime.getRuntime();
    try (KeyedOneInputStreamOperatorTestHarness<Integer, FlinkEvent, Routed> h =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new Resolver(RapportConfig::defaults)), e -> 0, Types.INT)) {
      // RocksDB, as a cluster runs it: the checkpointed link log and waiting events are off the
      // heap, so what is left on it is the graph and the clusters.
      h.setStateBackend(new EmbeddedRocksDBStateBackend());
      h.open();
      gc();
      long before = rt.totalMemory() - rt.freeMemory();
      long t0 = Instant.parse("2025-01-01T00:00:00Z").toEpochMilli();
      String[] types = {"device_id", "email", "customer_id"};
      for (int p = 0; p < people; p++) {
        for (int k = 0; k < 3; k++) {
          long ts = t0 + (p * 3L + k) * 1_000;
          Interaction e =
              new Interaction(
                  "e" + p + "-" + k,
                  k == 0
                      ? List.of(Identifier.of(types[0], "d" + p))
                      : List.of(
                          Identifier.of(types[k - 1], value(k - 1, p)),
                          Identifier.of(types[k], value(k, p))),
                  Instant.ofEpochMilli(ts),
                  Channel.WEB,
                  Kind.SIGNUP,
                  null,
                  null,
                  null,
                  null,
                  0,
                  0,
                  Double.NaN,
                  null,
                  Map.of());
          h.processElement(new StreamRecord<>(FlinkEvent.of(e), ts));
        }
        if (p % 10_000 == 9_999) {
          h.processWatermark(t0 + (p * 3L + 3) * 1_000);
          h.getOutput().clear();
        }
      }
      h.processWatermark(Long.MAX_VALUE);
      h.getOutput().clear();
      gc();
      long held = rt.totalMemory() - rt.freeMemory() - before;
      System.out.printf(
          "resolver, %,d people of 3 identifiers each (%,d events): heap %,d MB = %,.0f bytes a"
              + " customer, %,.0f an identifier%n",
          people, people * 3L, held >> 20, (double) held / people, (double) held / (3.0 * people));
      // -Dhold=SECONDS keeps the resolver alive for a class histogram (jcmd PID
      // GC.class_histogram).
      Thread.sleep(Long.getLong("hold", 0) * 1_000);
    }
  }

  private static String value(int type, int p) {
    return type == 0 ? "d" + p : type == 1 ? "p" + p + "@x.org" : "C" + p;
  }

  private static void gc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
  }
}
