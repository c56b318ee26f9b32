package dev.rapport.analytics.segment;

import dev.rapport.analytics.rfm.Rfm;
import dev.rapport.core.lifecycle.Lifecycle;
import dev.rapport.core.profile.CustomerProfile;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The fields segment rules can use: a customer's profile, lifecycle stage and RFM scores. Each is
 * defined once here, by name, next to what it reads; {@code docs/SEGMENTS.md} lists them.
 */
public final class ProfileFields {
  private ProfileFields() {}

  /** What a rule sees of one customer. */
  public record Customer(CustomerProfile profile, Lifecycle lifecycle, Rfm.Score rfm) {}

  private record Field(
      String name, Function<Customer, String> text, ToDoubleFunction<Customer> number) {
    static Field text(String name, Function<Customer, String> f) {
      return new Field(name, f, null);
    }

    static Field number(String name, ToDoubleFunction<Customer> f) {
      return new Field(name, null, f);
    }
  }

  private static final List<Field> FIELDS =
      List.of(
          Field.text("customer_id", c -> c.profile().customerId()),
          Field.text("stage", c -> c.lifecycle() == null ? null : c.lifecycle().stage().id()),
          Field.text("rfm_segment", c -> c.rfm() == null ? null : c.rfm().segment().label()),
          Field.number("rfm_r", c -> c.rfm() == null ? Double.NaN : c.rfm().r()),
          Field.number("rfm_f", c -> c.rfm() == null ? Double.NaN : c.rfm().f()),
          Field.number("rfm_m", c -> c.rfm() == null ? Double.NaN : c.rfm().m()),
          Field.number("revenue", c -> c.profile().revenue()),
          Field.number("net_revenue", c -> c.profile().netRevenue()),
          Field.number("purchases", c -> c.profile().purchases()),
          Field.number("returns", c -> c.profile().returns()),
          Field.number("frequency", c -> c.profile().frequency()),
          Field.number("recency", c -> c.profile().recency()),
          Field.number("t", c -> c.profile().T()),
          Field.number("monetary_value", c -> c.profile().monetaryValue()),
          Field.number("engagement_score", c -> c.profile().engagementScore()),
          Field.number("tenure_days", c -> c.profile().tenureDays()),
          Field.number(
              "days_since_last_seen", c -> days(c.profile().lastSeen(), c.profile().asOf())),
          Field.number(
              "days_since_last_purchase",
              c -> days(c.profile().lastPurchase(), c.profile().asOf())),
          Field.number(
              "days_in_stage",
              c ->
                  c.lifecycle() == null
                      ? Double.NaN
                      : days(c.lifecycle().since(), c.profile().asOf())),
          Field.number("events", c -> c.profile().events()),
          Field.number("touches", c -> c.profile().touches()),
          Field.number("engaged", c -> c.profile().engaged()),
          Field.number("unengaged", c -> c.profile().unengaged()),
          Field.number("inbound", c -> c.profile().inbound()),
          Field.number("contact_pressure", c -> c.profile().contactPressure()),
          Field.number("unengaged_streak", c -> c.profile().unengagedStreak()),
          Field.number("bounced", c -> c.profile().bounced()),
          Field.number("unsubscribed", c -> c.profile().unsubscribed()),
          Field.number("complained", c -> c.profile().complained()));

  public static final Schema SCHEMA = schema();

  private static Schema schema() {
    Map<String, Schema.Type> m = new LinkedHashMap<>();
    for (Field f : FIELDS) {
      m.put(f.name(), f.text() != null ? Schema.Type.TEXT : Schema.Type.NUMBER);
    }
    return new Schema(m);
  }

  /** One customer as a rule sees them. */
  public static Row row(Customer c) {
    return new Row() {
      @Override
      public double number(int field) {
        return FIELDS.get(field).number().applyAsDouble(c);
      }

      @Override
      public String text(int field) {
        return FIELDS.get(field).text().apply(c);
      }
    };
  }

  /** Days from {@code from} to {@code to}; NaN when either is unknown. */
  public static double days(Instant from, Instant to) {
    return from == null || to == null
        ? Double.NaN
        : (to.getEpochSecond() - from.getEpochSecond()) / 86_400.0;
  }
}
