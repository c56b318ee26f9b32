package dev.rapport.io.output;

import dev.rapport.core.Channel;
import dev.rapport.core.Identifier;
import dev.rapport.core.lifecycle.Lifecycle;
import dev.rapport.core.profile.ChannelStats;
import dev.rapport.core.profile.CustomerProfile;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

/**
 * Writes {@code out/customers.csv}: one row per customer, the fields of {@link CustomerProfile}
 * plus, for every channel any customer used, touches, engaged, unengaged and the smoothed response
 * rate. Numbers are written with a '.' decimal point; missing values (e.g. CLV inputs of
 * non-buyers) are empty fields, never 0.
 */
public final class CustomerTable {
  private CustomerTable() {}

  /** The fixed leading columns, in order. */
  public static final List<String> COLUMNS =
      List.of(
          "customer_id",
          "identifiers",
          "first_seen",
          "last_seen",
          "tenure_days",
          "events",
          "touches",
          "engaged",
          "unengaged",
          "inbound",
          "purchases",
          "revenue",
          "returns",
          "return_value",
          "net_revenue",
          "frequency",
          "recency",
          "T",
          "monetary_value",
          "bounced",
          "unsubscribed",
          "complained",
          "contact_pressure",
          "unengaged_streak",
          "engagement_score",
          "score_explanation",
          "stage",
          "stage_since");

  /**
   * A column computed outside the fold (e.g. RFM and segments by the analytics module).
   *
   * @param name the header
   * @param value the cell of the i-th profile; null for an empty cell
   */
  public record Extra(String name, IntFunction<String> value) {}

  /**
   * @param lifecycles each profile's lifecycle, in the same order as {@code profiles}
   * @param extras columns written after {@code stage_since}, in order
   * @param identifiers a customer's identifiers by customer key
   */
  public static void write(
      Path file,
      List<CustomerProfile> profiles,
      List<Lifecycle> lifecycles,
      List<Extra> extras,
      IntFunction<List<Identifier>> identifiers) {
    if (lifecycles.size() != profiles.size()) {
      throw new IllegalArgumentException(
          lifecycles.size() + " lifecycles for " + profiles.size() + " profiles");
    }
    Set<Channel> used = EnumSet.noneOf(Channel.class);
    for (CustomerProfile p : profiles) {
      for (ChannelStats s : p.channels()) {
        if (s.touches() > 0) {
          used.add(s.channel());
        }
      }
    }
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      try (Writer w =
          new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 16)) {
        List<String> header = new ArrayList<>(COLUMNS);
        extras.forEach(x -> header.add(x.name()));
        for (Channel c : used) {
          header.add(c.id() + "_touches");
          header.add(c.id() + "_engaged");
          header.add(c.id() + "_unengaged");
          header.add(c.id() + "_response_rate");
        }
        w.write(String.join(",", header));
        w.write('\n');
        StringBuilder row = new StringBuilder(512);
        for (int i = 0; i < profiles.size(); i++) {
          CustomerProfile p = profiles.get(i);
          Lifecycle lifecycle = lifecycles.get(i);
          row.setLength(0);
          cell(row, p.customerId());
          cell(
              row,
              identifiers.apply(p.customerKey()).stream()
                  .map(Identifier::toString)
                  .collect(Collectors.joining(";")));
          cell(row, day(p.firstSeen()));
          cell(row, day(p.lastSeen()));
          num(row, p.tenureDays());
          num(row, p.events());
          num(row, p.touches());
          num(row, p.engaged());
          num(row, p.unengaged());
          num(row, p.inbound());
          num(row, p.purchases());
          num(row, p.revenue());
          num(row, p.returns());
          num(row, p.returnValue());
          num(row, p.netRevenue());
          num(row, p.frequency());
          num(row, p.recency());
          num(row, p.T());
          num(row, p.monetaryValue());
          num(row, p.bounced());
          num(row, p.unsubscribed());
          num(row, p.complained());
          num(row, p.contactPressure());
          num(row, p.unengagedStreak());
          num(row, p.engagementScore());
          cell(row, p.scoreExplanation(3));
          cell(row, lifecycle.stage().id());
          cell(row, day(lifecycle.since()));
          for (Extra x : extras) {
            cell(row, x.value().apply(i));
          }
          for (Channel c : used) {
            ChannelStats s = p.channel(c);
            num(row, s.touches());
            num(row, s.engaged());
            num(row, s.unengaged());
            num(row, s.touches() == 0 ? Double.NaN : s.responseRate());
          }
          row.setLength(row.length() - 1);
          row.append('\n');
          w.append(row);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  static String day(Instant t) {
    return t == null ? "" : t.toString();
  }

  static void cell(StringBuilder row, String s) {
    if (s != null) {
      row.append(csv(s));
    }
    row.append(',');
  }

  /** A CSV field: quoted, with quotes doubled, when it holds a comma, a quote or a line break. */
  public static String csv(String s) {
    boolean quote = s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0;
    return quote ? '"' + s.replace("\"", "\"\"") + '"' : s;
  }

  private static void num(StringBuilder row, long v) {
    row.append(v).append(',');
  }

  /** Up to six decimals, trailing zeros dropped; NaN as an empty field. */
  static void num(StringBuilder row, double v) {
    if (Double.isNaN(v)) {
      row.append(',');
      return;
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      row.append((long) v).append(',');
      return;
    }
    String s =
        java.math.BigDecimal.valueOf(v)
            .setScale(6, java.math.RoundingMode.HALF_EVEN)
            .stripTrailingZeros()
            .toPlainString();
    row.append(s).append(',');
  }
}
