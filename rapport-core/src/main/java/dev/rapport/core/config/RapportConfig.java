package dev.rapport.core.config;

import dev.rapport.core.Channel;
import java.time.Duration;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.Map;

/**
 * Everything the engine reads from {@code rapport.yaml}. Immutable: a running engine sees one
 * configuration (as HikariCP seals its config once the pool starts).
 *
 * @param zone the business's time zone: purchase days and the {@code --as-of} date are taken in it
 * @param currency ISO code, for display
 * @param channels settings for every channel
 * @param score the engagement score
 * @param identity identity resolution
 * @param clv the lifetime-value settings: time unit of recency and T, horizon, discount, margin
 * @param contactPressureWindow touches within this window before the snapshot time count as the
 *     customer's contact pressure
 * @param responsePriorEngaged pseudo-count of engaged touches in the smoothed response rate
 * @param responsePriorIgnored pseudo-count of ignored touches in the smoothed response rate
 * @param lifecycle the lifecycle stage rules
 * @param contact frequency caps, quiet hours, consent and fatigue for the next best action
 * @param segments user-defined segments: name to rule text (parsed by the analytics module), in the
 *     order written
 * @param kpi what the KPIs count: the CSAT threshold and the funnels
 */
public record RapportConfig(
    ZoneId zone,
    String currency,
    Map<Channel, ChannelSettings> channels,
    ScoreSettings score,
    IdentitySettings identity,
    ClvSettings clv,
    Duration contactPressureWindow,
    double responsePriorEngaged,
    double responsePriorIgnored,
    LifecycleSettings lifecycle,
    ContactSettings contact,
    Map<String, String> segments,
    KpiSettings kpi) {

  public RapportConfig {
    EnumMap<Channel, ChannelSettings> all = new EnumMap<>(Channel.class);
    for (Channel c : Channel.values()) {
      ChannelSettings s = channels.get(c);
      if (s == null) {
        throw new IllegalArgumentException("settings for channel " + c.id() + " are missing");
      }
      all.put(c, s);
    }
    channels = Map.copyOf(all);
    if (contactPressureWindow.isNegative() || contactPressureWindow.isZero()) {
      throw new IllegalArgumentException(
          "contact pressure window must be positive, got " + contactPressureWindow);
    }
    java.util.Objects.requireNonNull(clv, "clv");
    java.util.Objects.requireNonNull(lifecycle, "lifecycle");
    java.util.Objects.requireNonNull(contact, "contact");
    java.util.Objects.requireNonNull(kpi, "kpi");
    for (String name : segments.keySet()) {
      if (!name.matches("[a-z][a-z0-9_]{0,39}")) {
        throw new IllegalArgumentException(
            "segment name '" + name + "' must match [a-z][a-z0-9_]{0,39}");
      }
    }
    segments = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(segments));
    if (!(responsePriorEngaged >= 0) || !(responsePriorIgnored >= 0)) {
      throw new IllegalArgumentException("response-rate priors must be >= 0");
    }
  }

  /** The defaults that {@code rapport init} writes out. */
  public static RapportConfig defaults() {
    return new RapportConfig(
        ZoneId.of("UTC"),
        "USD",
        defaultChannels(),
        ScoreSettings.defaults(),
        IdentitySettings.defaults(),
        ClvSettings.defaults(),
        Duration.ofDays(30),
        1.0,
        4.0,
        LifecycleSettings.defaults(),
        ContactSettings.defaults(),
        defaultSegments(),
        KpiSettings.defaults());
  }

  /** Two examples of the segment rule language, written out by {@code rapport init}. */
  public static Map<String, String> defaultSegments() {
    Map<String, String> m = new java.util.LinkedHashMap<>();
    m.put(
        "valuable_regulars",
        "stage in (\"loyalty\", \"advocacy\") and revenue > 500 and days_since_last_seen < 30");
    m.put("valuable_at_risk", "stage in (\"disengaged\", \"churned\") and revenue > 200");
    return m;
  }

  /**
   * Default response windows and costs. Email is read days later; SMS, push and web within a day; a
   * call or chat is answered or not within the hour; post takes two weeks.
   */
  public static Map<Channel, ChannelSettings> defaultChannels() {
    Map<Channel, ChannelSettings> m = new EnumMap<>(Channel.class);
    m.put(Channel.EMAIL, new ChannelSettings(Duration.ofDays(3), 0.01));
    m.put(Channel.SMS, new ChannelSettings(Duration.ofDays(1), 0.05));
    m.put(Channel.PUSH, new ChannelSettings(Duration.ofDays(1), 0.001));
    m.put(Channel.PHONE, new ChannelSettings(Duration.ofHours(1), 5.0));
    m.put(Channel.CHAT, new ChannelSettings(Duration.ofHours(1), 1.5));
    m.put(Channel.SOCIAL, new ChannelSettings(Duration.ofDays(2), 0.02));
    m.put(Channel.WEB, new ChannelSettings(Duration.ofDays(1), 0.005));
    m.put(Channel.APP, new ChannelSettings(Duration.ofDays(1), 0.005));
    m.put(Channel.STORE, new ChannelSettings(Duration.ofDays(7), 2.0));
    m.put(Channel.SUPPORT, new ChannelSettings(Duration.ofDays(1), 4.0));
    m.put(Channel.MAIL, new ChannelSettings(Duration.ofDays(14), 0.8));
    m.put(Channel.OTHER, new ChannelSettings(Duration.ofDays(3), 0.1));
    return m;
  }

  /** This configuration with {@code id} in place of its identity settings. */
  public RapportConfig withIdentity(IdentitySettings id) {
    return new RapportConfig(
        zone,
        currency,
        channels,
        score,
        id,
        clv,
        contactPressureWindow,
        responsePriorEngaged,
        responsePriorIgnored,
        lifecycle,
        contact,
        segments,
        kpi);
  }

  /** Time unit of recency and T. */
  public PeriodUnit clvUnit() {
    return clv.unit();
  }

  public ChannelSettings channel(Channel c) {
    return channels.get(c);
  }
}
