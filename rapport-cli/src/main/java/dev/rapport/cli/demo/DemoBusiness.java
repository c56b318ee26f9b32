package dev.rapport.cli.demo;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A synthetic business with the shape of real engagement data: customers acquired in waves over
 * many channels, most touches ignored, purchases (log-normal values) and returns, surveys with free
 * text, support tickets answered by agents, referrals and reviews, customers who churn while the
 * business keeps touching them, and unsubscribes that rise with contact pressure.
 *
 * <p>Each customer has a hidden true style ({@link Style}) that drives their behaviour:
 * transactional customers buy without answering; relational ones answer personal touches (agent
 * calls and emails) and buy steadily; behavioral ones answer targeted {@code offer-*} campaigns and
 * buy soon after clicking; emotional ones give extreme survey scores with text, complain and
 * review; social ones refer others (who sign up afterwards), review and are active on social.
 *
 * <p>Identity is spread over channels as in life: purchases and email/SMS touches carry the
 * customer id and email; web and app visits and push responses only a device id, linked to the
 * customer by occasional logins (device id plus email); social activity a handle, sometimes with
 * the email; tickets the email or the phone. A few rows carry junk identifiers (a shared test
 * email, an all-zero phone) beside a real one, so that a blocklist matters.
 *
 * <p>Campaigns with a holdout: every {@code offer-*} campaign holds out a tenth of customers; a
 * held-out customer gets one {@code touch} row with {@code holdout=true}, which means "assigned to
 * control, not sent", and no message.
 *
 * <p>Output ({@code data/interactions.csv} in Rapport's canonical layout, {@code
 * data/customers.csv}, and the hidden truth in {@code truth/ground_truth.csv}) depends only on the
 * arguments: every customer has a random stream seeded from (seed, index).
 */
public final class DemoBusiness {
  public static final String HEADER =
      "event_id,ts,customer_id,email,phone,device_id,social_handle,channel,kind,outcome,campaign,"
          + "variant,holdout,value,cost,score,text,ticket_id,ticket_status,referred";
  static final Instant DEFAULT_END = Instant.parse("2026-06-30T23:59:59Z");
  private static final long DAY = 86_400;
  private static final String[] COUNTRIES = {"US", "US", "US", "GB", "DE", "FR", "CA", "AU"};
  private static final String[] AGE_BANDS = {"18-24", "25-34", "35-44", "45-54", "55+"};
  private static final String[] PRAISE = {
    "Great service, fast delivery",
    "Love it, will buy again",
    "Friendly support, very helpful",
    "Excellent quality"
  };
  private static final String[] PAIN = {
    "Delivery was late again",
    "Too many emails",
    "Support never answered my question",
    "Product broke after a week, refund took forever",
    "Checkout kept failing"
  };

  private DemoBusiness() {}

  /** 18 months of history ending 2026-06-30. */
  public static DemoSummary generate(Path outDir, int customers, long seed) {
    Instant end = DEFAULT_END;
    Instant start = LocalDate.of(2025, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant();
    return generate(outDir, customers, seed, start, end);
  }

  public static DemoSummary generate(
      Path outDir, int customers, long seed, Instant start, Instant end) {
    if (customers < 1) {
      throw new IllegalArgumentException("customers must be >= 1, got " + customers);
    }
    if (!end.isAfter(start)) {
      throw new IllegalArgumentException("end " + end + " is not after start " + start);
    }
    long s0 = start.getEpochSecond();
    long s1 = end.getEpochSecond();
    long[] acquired = new long[customers];
    for (int i = 0; i < customers; i++) {
      acquired[i] = acquisition(random(seed, i, 1), s0, s1);
    }
    List<Row> rows = new ArrayList<>(customers * 120);
    Map<String, Integer> byStyle = new LinkedHashMap<>();
    for (Style st : Style.values()) {
      byStyle.put(st.id(), 0);
    }
    StringBuilder truth =
        new StringBuilder(
            "customer_id,true_style,churned,churn_date,acquired_at,true_response_rate,true_value_per_month\n");
    StringBuilder attrs =
        new StringBuilder("customer_id,email,signup_date,country,segment_hint,age_band\n");
    for (int i = 0; i < customers; i++) {
      Customer c = new Customer(i, random(seed, i, 2), acquired, s1, rows);
      c.live();
      byStyle.merge(c.style.id(), 1, Integer::sum);
      truth
          .append(c.id)
          .append(',')
          .append(c.style.id())
          .append(',')
          .append(c.churnAt < s1)
          .append(',')
          .append(c.churnAt < s1 ? day(c.churnAt) : "")
          .append(',')
          .append(day(c.acquired))
          .append(',')
          .append(String.format(Locale.ROOT, "%.4f,%.2f", c.response, c.valuePerMonth))
          .append('\n');
      attrs
          .append(c.id)
          .append(',')
          .append(c.email)
          .append(',')
          .append(day(c.acquired))
          .append(',')
          .append(c.country)
          .append(',')
          .append(c.segmentHint())
          .append(',')
          .append(c.ageBand)
          .append('\n');
    }
    Row[] sorted = rows.toArray(new Row[0]);
    Arrays.sort(sorted);
    Path data = outDir.resolve("data");
    Path truthDir = outDir.resolve("truth");
    Path interactions = data.resolve("interactions.csv");
    Path customersCsv = data.resolve("customers.csv");
    Path truthCsv = truthDir.resolve("ground_truth.csv");
    try {
      Files.createDirectories(data);
      Files.createDirectories(truthDir);
      try (BufferedWriter w = Files.newBufferedWriter(interactions, StandardCharsets.UTF_8)) {
        w.write(HEADER);
        w.write('\n');
        for (Row r : sorted) {
          w.write(r.line);
          w.write('\n');
        }
      }
      Files.writeString(customersCsv, attrs, StandardCharsets.UTF_8);
      Files.writeString(truthCsv, truth, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the demo data to " + outDir, e);
    }
    return new DemoSummary(
        customers, sorted.length, List.of(interactions, customersCsv, truthCsv), byStyle);
  }

  private static SplittableRandom random(long seed, int index, int stream) {
    long h =
        seed * 0x9E3779B97F4A7C15L + index * 0xBF58476D1CE4E5B9L + stream * 0x94D049BB133111EBL;
    return new SplittableRandom(h);
  }

  /** Acquisition in waves: four campaigns a year bring most customers, the rest trickle in. */
  private static long acquisition(SplittableRandom r, long s0, long s1) {
    long lastStart = s0 + (s1 - s0) * 2 / 3;
    if (r.nextDouble() < 0.6) {
      int waves = 4;
      long wave = s0 + (lastStart - s0) * r.nextInt(waves) / waves;
      return wave + (long) (Math.abs(r.nextGaussian()) * 10 * DAY);
    }
    return s0 + (long) (r.nextDouble() * (lastStart - s0));
  }

  static String day(long epochSecond) {
    return LocalDate.ofEpochDay(Math.floorDiv(epochSecond, DAY)).toString();
  }

  /** One output row, ordered by time then event id. */
  private record Row(long ts, String eventId, String line) implements Comparable<Row> {
    @Override
    public int compareTo(Row o) {
      int c = Long.compare(ts, o.ts);
      return c != 0 ? c : eventId.compareTo(o.eventId);
    }
  }

  /** One synthetic customer's life. */
  private static final class Customer {
    final int index;
    final SplittableRandom r;
    final long[] acquiredAll;
    final long end;
    final String id;
    final String email;
    final String phone;
    final String device;
    final String handle;
    final String country;
    final String ageBand;
    final Style style;
    final long acquired;
    final long churnAt;
    final double response;
    final double valuePerMonth;
    final boolean fatigueProne;
    final boolean badEmail;
    final List<Row> rows;
    int seq;
    boolean emailUnsubscribed;
    long[] recentEmails = new long[0];

    Customer(int index, SplittableRandom r, long[] acquiredAll, long end, List<Row> rows) {
      this.index = index;
      this.rows = rows;
      this.r = r;
      this.acquiredAll = acquiredAll;
      this.end = end;
      this.acquired = acquiredAll[index];
      this.id = String.format(Locale.ROOT, "C%06d", index);
      this.style = Style.draw(r.nextDouble());
      this.email = "customer" + index + "@example.com";
      this.phone = r.nextDouble() < 0.6 ? String.format(Locale.ROOT, "+1555%07d", index) : "";
      this.device =
          r.nextDouble() < 0.7
              ? String.format(Locale.ROOT, "d-%08x", index * 2654435761L & 0xffffffffL)
              : "";
      this.handle = r.nextDouble() < (style == Style.SOCIAL ? 0.95 : 0.25) ? "@fan" + index : "";
      this.country = COUNTRIES[r.nextInt(COUNTRIES.length)];
      this.ageBand = AGE_BANDS[r.nextInt(AGE_BANDS.length)];
      this.response = Math.min(0.95, style.response * (0.4 + 1.2 * r.nextDouble()));
      this.valuePerMonth = style.purchasesPerMonth * 57 * (0.5 + r.nextDouble());
      this.churnAt =
          r.nextDouble() < style.churn
              ? acquired
                  + 30 * DAY
                  + (long) (r.nextDouble() * Math.max(DAY, end - acquired - 30 * DAY))
              : Long.MAX_VALUE;
      this.fatigueProne = r.nextDouble() < 0.12;
      this.badEmail = r.nextDouble() < 0.04;
    }

    String segmentHint() {
      return device.isEmpty() ? "web" : "app";
    }

    boolean alive(long t) {
      return t < churnAt;
    }

    void live() {
      // Sign-up gives the customer id, email and phone together; the first app open and the
      // first social contact each carry the email too, so every identifier links to the customer.
      String[] signup = ids(true, true, false, false);
      signup[2] = phone;
      row(acquired, "web", "signup", signup).emit();
      if (!device.isEmpty()) {
        row(acquired + 60, "app", "response", ids(false, true, true, false)).emit();
      }
      if (!handle.isEmpty()) {
        row(acquired + 120, "social", "response", ids(false, true, false, true)).emit();
      }
      long stop = Math.min(end, churnAt);
      // Touches: a weekly newsletter, a monthly targeted offer, weekly push, quarterly calls.
      for (long t = acquired + DAY + r.nextInt(7) * DAY; t < end; t += 7 * DAY) {
        emailTouch(t + 9 * 3600, "newsletter-" + day(t).substring(0, 7), "", false);
        if (!device.isEmpty() && r.nextDouble() < 0.7) {
          pushTouch(t + 2 * DAY + 18 * 3600);
        }
      }
      for (long t = acquired + 10 * DAY; t < end; t += 30 * DAY) {
        offer(t + r.nextInt(5) * DAY + 10 * 3600);
      }
      for (long t = acquired + 20 * DAY; t < end; t += 90 * DAY) {
        call(t + 14 * 3600);
      }
      // The customer's own activity, month by month, until they churn.
      for (long m = acquired; m < stop; m += 30 * DAY) {
        int purchases = poisson(style.purchasesPerMonth);
        for (int k = 0; k < purchases; k++) {
          long t = m + (long) (r.nextDouble() * 30 * DAY);
          if (t < stop) {
            purchase(t, r.nextDouble() < 0.8 ? "web" : "store");
          }
        }
        visits(m, stop);
        if (r.nextDouble() < (style == Style.EMOTIONAL ? 0.35 : 0.08)) {
          ticket(m + (long) (r.nextDouble() * 30 * DAY), stop);
        }
        if (style == Style.SOCIAL && r.nextDouble() < 0.35) {
          referral(m + (long) (r.nextDouble() * 30 * DAY), stop);
        }
        if ((style == Style.SOCIAL || style == Style.EMOTIONAL) && r.nextDouble() < 0.15) {
          review(m + (long) (r.nextDouble() * 30 * DAY), stop);
        }
        if (style == Style.SOCIAL && !handle.isEmpty() && r.nextDouble() < 0.6) {
          long t = m + (long) (r.nextDouble() * 30 * DAY);
          if (t < stop) {
            row(t, "social", "response", ids(false, false, false, true, r.nextDouble() < 0.3))
                .emit();
          }
        }
        if (r.nextDouble() < 0.08) {
          long t = m + (long) (r.nextDouble() * 30 * DAY);
          if (t < stop) {
            nps(t);
          }
        }
      }
      if (churnAt < end) {
        double u = r.nextDouble();
        if (u < 0.35 && !emailUnsubscribed) {
          row(churnAt, "email", "unsubscribe", ids(true, false, false, false)).emit();
        } else if (u < 0.55) {
          row(churnAt, "web", "cancel", ids(true, false, false, false)).emit();
        }
      }
    }

    private void emailTouch(long t, String campaign, String variant, boolean personal) {
      if (emailUnsubscribed || t >= end) {
        return;
      }
      int pressure = 0;
      for (long x : recentEmails) {
        pressure += x > t - 30 * DAY ? 1 : 0;
      }
      recentEmails = Arrays.copyOf(recentEmails, recentEmails.length + 1);
      recentEmails[recentEmails.length - 1] = t;
      if (recentEmails.length > 12) {
        recentEmails =
            Arrays.copyOfRange(recentEmails, recentEmails.length - 12, recentEmails.length);
      }
      String outcome = "";
      if (badEmail && r.nextDouble() < 0.5) {
        outcome = "bounced";
      } else if (fatigueProne && r.nextDouble() < 0.006 * pressure * pressure) {
        outcome = r.nextDouble() < 0.8 ? "unsubscribed" : "complained";
        emailUnsubscribed = outcome.equals("unsubscribed");
      }
      row(t, "email", "touch", ids(true, false, false, false))
          .outcome(outcome)
          .campaign(campaign)
          .variant(variant)
          .holdout("false")
          .emit();
      if (outcome.isEmpty() && alive(t)) {
        double p =
            personal
                ? Math.min(0.95, response * (style == Style.RELATIONAL ? 2.2 : 1.0))
                : response;
        if (r.nextDouble() < p) {
          long rt = t + 600 + (long) (r.nextDouble() * 40 * 3600);
          row(rt, "email", "response", ids(true, false, false, false))
              .campaign(campaign)
              .variant(variant)
              .emit();
        }
      }
    }

    private void pushTouch(long t) {
      if (t >= end) {
        return;
      }
      row(t, "push", "touch", ids(true, false, false, false))
          .campaign("app-push")
          .holdout("false")
          .emit();
      if (alive(t) && r.nextDouble() < response * 0.6) {
        row(t + 60 + r.nextInt(6 * 3600), "push", "response", ids(false, false, true, false))
            .campaign("app-push")
            .emit();
      }
    }

    /** A targeted SMS offer with a holdout group: behavioral customers answer and then buy. */
    private void offer(long t) {
      if (t >= end) {
        return;
      }
      String campaign = "offer-" + day(t).substring(0, 7);
      String variant = r.nextBoolean() ? "A" : "B";
      if (r.nextDouble() < 0.10) {
        row(t, "sms", "touch", ids(true, false, false, false))
            .campaign(campaign)
            .variant(variant)
            .holdout("true")
            .emit();
        return;
      }
      if (phone.isEmpty()) {
        emailTouch(t, campaign, variant, false);
        return;
      }
      row(t, "sms", "touch", ids(true, false, false, false))
          .campaign(campaign)
          .variant(variant)
          .holdout("false")
          .emit();
      double p =
          style == Style.BEHAVIORAL
              ? Math.min(0.9, response * 2.5 * (variant.equals("A") ? 1.2 : 1.0))
              : response * 0.7;
      if (alive(t) && r.nextDouble() < p) {
        long rt = t + 300 + r.nextInt(8 * 3600);
        row(rt, "sms", "response", ids(true, false, false, false))
            .campaign(campaign)
            .variant(variant)
            .emit();
        if (r.nextDouble() < (style == Style.BEHAVIORAL ? 0.45 : 0.1) && alive(rt + DAY)) {
          purchase(rt + 600 + r.nextInt(36 * 3600), "web");
        }
      }
    }

    private void call(long t) {
      if (t >= end || !(style == Style.RELATIONAL || r.nextDouble() < 0.15)) {
        return;
      }
      boolean answered = alive(t) && r.nextDouble() < (style == Style.RELATIONAL ? 0.65 : 0.25);
      row(t, "phone", "touch", ids(true, false, false, false))
          .outcome(answered ? "engaged" : "unengaged")
          .campaign("account-review")
          .holdout("false")
          .emit();
      if (answered && style == Style.RELATIONAL) {
        emailTouch(t + DAY, "agent-follow-up", "", true);
      }
    }

    private void purchase(long t, String channel) {
      double value = Math.round(Math.exp(3.75 + 0.75 * r.nextGaussian()) * 100) / 100.0;
      row(t, channel, "purchase", ids(true, false, false, false)).value(money(value)).emit();
      if (r.nextDouble() < 0.065) {
        long rt = t + (3 + r.nextInt(18)) * DAY;
        if (rt < end) {
          row(rt, channel, "return", ids(true, false, false, false)).value(money(-value)).emit();
        }
      }
      if (r.nextDouble() < 0.15) {
        long st = t + DAY + r.nextInt(3) * DAY;
        if (st < end && alive(st)) {
          int csat =
              style == Style.EMOTIONAL
                  ? (r.nextDouble() < 0.55 ? 5 : 1 + r.nextInt(2))
                  : 3 + r.nextInt(3);
          String text =
              style == Style.EMOTIONAL || r.nextDouble() < 0.2
                  ? (csat >= 4 ? pick(PRAISE) : pick(PAIN))
                  : "";
          row(st, "email", "survey", ids(true, false, false, false))
              .campaign("csat")
              .score(Integer.toString(csat))
              .text(text)
              .emit();
        }
      }
    }

    private void nps(long t) {
      int score =
          style == Style.EMOTIONAL
              ? (r.nextDouble() < 0.5 ? 9 + r.nextInt(2) : r.nextInt(5))
              : 5 + r.nextInt(5);
      String text =
          score >= 9 ? pick(PRAISE) : score <= 6 && r.nextDouble() < 0.6 ? pick(PAIN) : "";
      row(t, "email", "survey", ids(true, false, false, false))
          .campaign("nps")
          .score(Integer.toString(score))
          .text(text)
          .emit();
      if (score <= 3 && r.nextDouble() < 0.4) {
        row(t + 3600, "support", "complaint", ids(false, true, false, false))
            .text(pick(PAIN))
            .emit();
      }
    }

    private void visits(long month, long stop) {
      if (device.isEmpty()) {
        return;
      }
      int n = poisson(style == Style.TRANSACTIONAL ? 1.5 : 3.0);
      for (int k = 0; k < n; k++) {
        long t = month + (long) (r.nextDouble() * 30 * DAY);
        if (t < stop) {
          boolean login = r.nextDouble() < 0.25;
          row(t, r.nextBoolean() ? "web" : "app", "response", ids(false, login, true, false))
              .emit();
        }
      }
    }

    private void ticket(long t, long stop) {
      if (t >= stop) {
        return;
      }
      String ticket = "T" + index + "-" + seq;
      String[] channels = {"support", "chat", "phone", "email"};
      String ch = channels[r.nextInt(channels.length)];
      boolean byPhone = ch.equals("phone") && !phone.isEmpty();
      String[] who = byPhone ? idsPhone() : ids(false, true, false, false);
      row(t, ch, "ticket", who).text(pick(PAIN)).ticket(ticket).ticketStatus("opened").emit();
      long reply =
          t + 600 + (long) (Math.abs(r.nextGaussian()) * (ch.equals("email") ? 20 : 2) * 3600);
      if (reply < end) {
        row(reply, ch, "ticket", who).ticket(ticket).ticketStatus("replied").emit();
      }
      long resolved = reply + (long) (r.nextDouble() * 3 * DAY);
      if (resolved < end) {
        row(resolved, ch, "ticket", who).ticket(ticket).ticketStatus("resolved").emit();
      }
    }

    /** Refers a customer acquired later, who therefore signs up afterwards. */
    private void referral(long t, long stop) {
      if (t >= stop) {
        return;
      }
      for (int attempt = 0; attempt < 8; attempt++) {
        int j = r.nextInt(acquiredAll.length);
        if (j != index && acquiredAll[j] > t) {
          String referred = String.format(Locale.ROOT, "C%06d", j);
          row(t, "social", "referral", ids(true, false, false, !handle.isEmpty()))
              .referred(referred)
              .emit();
          return;
        }
      }
    }

    private void review(long t, long stop) {
      if (t >= stop) {
        return;
      }
      int stars = style == Style.EMOTIONAL ? (r.nextBoolean() ? 5 : 1) : 4 + r.nextInt(2);
      row(t, r.nextBoolean() ? "social" : "web", "review", ids(true, false, false, false))
          .score(Integer.toString(stars))
          .text(stars >= 4 ? pick(PRAISE) : pick(PAIN))
          .emit();
    }

    private String pick(String[] options) {
      return options[r.nextInt(options.length)];
    }

    private int poisson(double mean) {
      double l = Math.exp(-mean);
      int k = 0;
      double p = r.nextDouble();
      while (p > l) {
        k++;
        p *= r.nextDouble();
      }
      return k;
    }

    /** customer_id, email, phone, device_id, social_handle for a row; junk now and then. */
    private String[] ids(
        boolean customerId, boolean withEmail, boolean withDevice, boolean withHandle) {
      return ids(customerId, withEmail, withDevice, withHandle, false);
    }

    private String[] ids(
        boolean customerId,
        boolean withEmail,
        boolean withDevice,
        boolean withHandle,
        boolean handleEmail) {
      String e = customerId || withEmail || handleEmail ? email : "";
      String p = "";
      double junk = r.nextDouble();
      if (customerId && junk < 0.004) {
        e = "test@test.com";
      } else if (customerId && junk < 0.008) {
        p = "0000000000";
      }
      return new String[] {
        customerId ? id : "", e, p, withDevice ? device : "", withHandle ? handle : ""
      };
    }

    private String[] idsPhone() {
      return new String[] {"", "", phone, "", ""};
    }

    /** Starts a row: who, when, where and what; optional fields are set on it, then emit(). */
    private Out row(long t, String channel, String kind, String[] who) {
      return new Out(t, channel, kind, who);
    }

    /** One interaction row of the canonical layout being built. */
    private final class Out {
      final long t;
      final String channel;
      final String kind;
      final String[] who;
      String outcome = "";
      String campaign = "";
      String variant = "";
      String holdout = "";
      String value = "";
      String score = "";
      String text = "";
      String ticket = "";
      String ticketStatus = "";
      String referred = "";

      Out(long t, String channel, String kind, String[] who) {
        this.t = t;
        this.channel = channel;
        this.kind = kind;
        this.who = who;
      }

      Out outcome(String v) {
        outcome = v;
        return this;
      }

      Out campaign(String v) {
        campaign = v;
        return this;
      }

      Out variant(String v) {
        variant = v;
        return this;
      }

      Out holdout(String v) {
        holdout = v;
        return this;
      }

      Out value(String v) {
        value = v;
        return this;
      }

      Out score(String v) {
        score = v;
        return this;
      }

      Out text(String v) {
        text = v;
        return this;
      }

      Out ticket(String v) {
        ticket = v;
        return this;
      }

      Out ticketStatus(String v) {
        ticketStatus = v;
        return this;
      }

      Out referred(String v) {
        referred = v;
        return this;
      }

      /** Adds the row, unless it falls after the end or is the customer acting after churning. */
      void emit() {
        if (t >= end) {
          return;
        }
        boolean agentAction = kind.equals("ticket") && !ticketStatus.equals("opened");
        boolean farewell = t == churnAt && (kind.equals("unsubscribe") || kind.equals("cancel"));
        if (t >= churnAt && !kind.equals("touch") && !agentAction && !farewell) {
          return; // a churned customer does nothing more
        }
        String eventId = String.format(Locale.ROOT, "e%07d-%05d", index, seq++);
        StringBuilder b = new StringBuilder(160);
        b.append(eventId).append(',').append(Instant.ofEpochSecond(t)).append(',');
        for (String w : who) {
          b.append(w).append(',');
        }
        b.append(channel)
            .append(',')
            .append(kind)
            .append(',')
            .append(outcome)
            .append(',')
            .append(campaign)
            .append(',')
            .append(variant)
            .append(',')
            .append(holdout)
            .append(',')
            .append(value)
            .append(",,")
            .append(score)
            .append(',')
            .append(csv(text))
            .append(',')
            .append(ticket)
            .append(',')
            .append(ticketStatus)
            .append(',')
            .append(referred);
        rows.add(new Row(t, eventId, b.toString()));
      }
    }

    private static String money(double v) {
      return String.format(Locale.ROOT, "%.2f", v);
    }

    private static String csv(String s) {
      return s.indexOf(',') >= 0 || s.indexOf('"') >= 0 ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }
  }
}
