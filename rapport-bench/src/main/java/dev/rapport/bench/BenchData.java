package dev.rapport.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * Synthetic interaction files for the benchmarks: {@code events} rows over {@code customers}
 * customers, in time order (as exports usually are), header {@code
 * event_id,ts,customer_id,channel,kind,outcome,value}. Mix per row: 55% touches (a tenth with an
 * explicit outcome), 25% responses, 12% purchases, 2% returns, 6% other inbound. Deterministic for
 * a seed.
 */
public final class BenchData {
  private static final String[] CHANNELS = {"email", "sms", "push", "web", "app", "phone"};
  private static final String[] OTHER = {"survey", "ticket", "review", "signup"};

  private BenchData() {}

  public static void generate(Path file, long events, int customers, long seed) throws IOException {
    SplittableRandom rnd = new SplittableRandom(seed);
    long start = Instant.parse("2024-01-01T00:00:00Z").getEpochSecond();
    long span = 365L * 86_400;
    double step = (double) span / events;
    Files.createDirectories(file.toAbsolutePath().getParent());
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("event_id,ts,customer_id,channel,kind,outcome,value\n");
      StringBuilder row = new StringBuilder(96);
      for (long i = 0; i < events; i++) {
        long ts = start + (long) (i * step);
        int customer = rnd.nextInt(customers);
        String channel = CHANNELS[rnd.nextInt(CHANNELS.length)];
        int r = rnd.nextInt(100);
        String kind;
        String outcome = "";
        String value = "";
        if (r < 55) {
          kind = "touch";
          if (rnd.nextInt(10) == 0) {
            outcome = rnd.nextBoolean() ? "engaged" : "unengaged";
          }
        } else if (r < 80) {
          kind = "response";
        } else if (r < 92) {
          kind = "purchase";
          value = Long.toString(5 + rnd.nextInt(200)) + "." + (10 + rnd.nextInt(90));
        } else if (r < 94) {
          kind = "return";
          value = "-" + (5 + rnd.nextInt(50)) + "." + (10 + rnd.nextInt(90));
        } else {
          kind = OTHER[rnd.nextInt(OTHER.length)];
        }
        row.setLength(0);
        row.append('e')
            .append(i)
            .append(',')
            .append(Instant.ofEpochSecond(ts))
            .append(',')
            .append('C')
            .append(customer)
            .append(',')
            .append(channel)
            .append(',')
            .append(kind)
            .append(',')
            .append(outcome)
            .append(',')
            .append(value)
            .append('\n');
        w.append(row);
      }
    }
  }
}
