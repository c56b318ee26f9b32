package dev.rapport.bench;

import dev.rapport.core.Channel;
import dev.rapport.core.Kind;
import dev.rapport.core.Outcome;
import dev.rapport.core.config.RapportConfig;
import dev.rapport.core.profile.FoldSettings;
import dev.rapport.core.profile.ProfileAccumulator;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Heap bytes per customer of the fold's state: the used heap after full collections, with and
 * without {@code customers} accumulators each fed {@code eventsPerCustomer} events of the
 * benchmark's mix over a year and advanced to the end of it (as the batch engine does before it
 * snapshots), divided by the customer count. The accumulator array's own 4-8 bytes a slot are
 * included, as the batch engine holds one.
 */
public final class FoldMemory {
  private FoldMemory() {}

  public static void main(String[] args) {
    report(
        args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000,
        args.length > 1 ? Integer.parseInt(args[1]) : 10);
  }

  static void report(int customers, int eventsPerCustomer) {
    FoldSettings settings = new FoldSettings(RapportConfig.defaults());
    long before = usedAfterGc();
    ProfileAccumulator[] accs = fill(settings, customers, eventsPerCustomer);
    long after = usedAfterGc();
    System.out.printf(
        Locale.ROOT,
        "fold state: %,d customers x %d events: %.0f heap bytes per customer%n",
        customers,
        eventsPerCustomer,
        (after - before) / (double) customers);
    if (accs.length == 0) {
      System.out.println();
    }
  }

  static ProfileAccumulator[] fill(FoldSettings settings, int customers, int eventsPerCustomer) {
    SplittableRandom rnd = new SplittableRandom(1);
    Channel[] channels = {
      Channel.EMAIL, Channel.SMS, Channel.PUSH, Channel.WEB, Channel.APP, Channel.PHONE
    };
    ProfileAccumulator[] accs = new ProfileAccumulator[customers];
    long t0 = 1_700_000_000L;
    long step = 365L * 86_400 / eventsPerCustomer;
    for (int c = 0; c < customers; c++) {
      ProfileAccumulator a = new ProfileAccumulator(settings);
      for (int e = 0; e < eventsPerCustomer; e++) {
        int r = rnd.nextInt(100);
        Kind k =
            r < 55
                ? Kind.TOUCH
                : r < 80
                    ? Kind.RESPONSE
                    : r < 92 ? Kind.PURCHASE : r < 94 ? Kind.RETURN : Kind.SURVEY;
        Outcome o = k == Kind.TOUCH && rnd.nextInt(10) == 0 ? Outcome.UNENGAGED : null;
        a.apply(
            null,
            t0 + e * step + rnd.nextInt(3600),
            channels[rnd.nextInt(channels.length)],
            k,
            o,
            k == Kind.PURCHASE ? 50 : 0);
      }
      a.advanceTo(java.time.Instant.ofEpochSecond(t0 + 366L * 86_400)); // as the engine does
      accs[c] = a;
    }
    return accs;
  }

  private static long usedAfterGc() {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 4; i++) {
      System.gc();
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return rt.totalMemory() - rt.freeMemory();
  }
}
