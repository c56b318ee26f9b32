package dev.rapport.flink;

import dev.rapport.core.Channel;
import dev.rapport.core.config.Signal;
import dev.rapport.core.lifecycle.Lifecycle;
import dev.rapport.core.lifecycle.Stage;
import dev.rapport.core.lifecycle.StageTransition;
import dev.rapport.core.profile.ChannelStats;
import dev.rapport.core.profile.CustomerProfile;
import dev.rapport.core.profile.ScoreComponent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A folded customer's profile and lifecycle as bytes, to travel from the fold to the sinks. Flink
 * would otherwise hand the records' lists, instants and lazily worded causes to Kryo, which neither
 * copies them reliably nor keeps its format across Flink versions. Every field is written, so the
 * sinks store exactly what the fold gave ({@code SnapshotCodecTest}).
 *
 * <p>Enums travel as ordinals: snapshots are in flight between operators, never kept in state.
 */
final class SnapshotCodec {
  private SnapshotCodec() {}

  static byte[] encode(CustomerProfile p, Lifecycle l) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      writeProfile(out, p);
      writeLifecycle(out, l);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // not thrown by a byte array
    }
    return bytes.toByteArray();
  }

  /** The profile and lifecycle of {@link #encode}. */
  record Decoded(CustomerProfile profile, Lifecycle lifecycle) {}

  static Decoded decode(byte[] data) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
      CustomerProfile p = readProfile(in);
      return new Decoded(p, readLifecycle(in));
    } catch (IOException e) {
      throw new IllegalArgumentException("not an encoded snapshot: " + e.getMessage(), e);
    }
  }

  private static void writeProfile(DataOutputStream out, CustomerProfile p) throws IOException {
    out.writeInt(p.customerKey());
    writeString(out, p.customerId());
    writeInstant(out, p.asOf());
    writeInstant(out, p.firstSeen());
    writeInstant(out, p.lastSeen());
    out.writeDouble(p.tenureDays());
    out.writeInt(p.events());
    out.writeInt(p.channels().size());
    for (ChannelStats c : p.channels()) {
      out.writeByte(c.channel().ordinal());
      out.writeInt(c.touches());
      out.writeInt(c.engaged());
      out.writeInt(c.unengaged());
      out.writeInt(c.pending());
      out.writeInt(c.inbound());
      out.writeDouble(c.responseRate());
    }
    out.writeInt(p.inbound());
    writeInstant(out, p.lastInbound());
    out.writeInt(p.purchases());
    out.writeDouble(p.revenue());
    out.writeInt(p.returns());
    out.writeDouble(p.returnValue());
    writeInstant(out, p.firstPurchase());
    writeInstant(out, p.lastPurchase());
    out.writeDouble(p.frequency());
    out.writeDouble(p.recency());
    out.writeDouble(p.T());
    out.writeDouble(p.monetaryValue());
    out.writeInt(p.bounced());
    out.writeInt(p.unsubscribed());
    out.writeInt(p.complained());
    out.writeInt(p.contactPressure());
    out.writeInt(p.unengagedStreak());
    out.writeDouble(p.engagementScore());
    out.writeInt(p.scoreComponents().size());
    for (ScoreComponent s : p.scoreComponents()) {
      out.writeByte(s.signal().ordinal());
      out.writeDouble(s.points());
      out.writeDouble(s.raw());
    }
  }

  private static CustomerProfile readProfile(DataInputStream in) throws IOException {
    int key = in.readInt();
    String id = readString(in);
    Instant asOf = readInstant(in);
    Instant firstSeen = readInstant(in);
    Instant lastSeen = readInstant(in);
    double tenureDays = in.readDouble();
    int events = in.readInt();
    int n = in.readInt();
    List<ChannelStats> channels = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      channels.add(
          new ChannelStats(
              Channel.ofOrdinal(in.readByte()),
              in.readInt(),
              in.readInt(),
              in.readInt(),
              in.readInt(),
              in.readInt(),
              in.readDouble()));
    }
    int inbound = in.readInt();
    Instant lastInbound = readInstant(in);
    int purchases = in.readInt();
    double revenue = in.readDouble();
    int returns = in.readInt();
    double returnValue = in.readDouble();
    Instant firstPurchase = readInstant(in);
    Instant lastPurchase = readInstant(in);
    double frequency = in.readDouble();
    double recency = in.readDouble();
    double t = in.readDouble();
    double monetary = in.readDouble();
    int bounced = in.readInt();
    int unsubscribed = in.readInt();
    int complained = in.readInt();
    int pressure = in.readInt();
    int streak = in.readInt();
    double score = in.readDouble();
    int m = in.readInt();
    List<ScoreComponent> components = new ArrayList<>(m);
    Signal[] signals = Signal.values();
    for (int i = 0; i < m; i++) {
      components.add(new ScoreComponent(signals[in.readByte()], in.readDouble(), in.readDouble()));
    }
    return new CustomerProfile(
        key,
        id,
        asOf,
        firstSeen,
        lastSeen,
        tenureDays,
        events,
        channels,
        inbound,
        lastInbound,
        purchases,
        revenue,
        returns,
        returnValue,
        firstPurchase,
        lastPurchase,
        frequency,
        recency,
        t,
        monetary,
        bounced,
        unsubscribed,
        complained,
        pressure,
        streak,
        score,
        components);
  }

  private static void writeLifecycle(DataOutputStream out, Lifecycle l) throws IOException {
    out.writeInt(l.transitions().size());
    for (StageTransition t : l.transitions()) {
      out.writeByte(t.from() == null ? -1 : t.from().ordinal());
      out.writeByte(t.to().ordinal());
      out.writeLong(t.atSecond());
      writeString(out, t.cause());
      writeString(out, t.eventId());
      out.writeBoolean(t.reactivation());
    }
  }

  private static Lifecycle readLifecycle(DataInputStream in) throws IOException {
    int n = in.readInt();
    Stage[] stages = Stage.values();
    List<StageTransition> ts = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      byte from = in.readByte();
      Stage to = stages[in.readByte()];
      Instant at = Instant.ofEpochSecond(in.readLong());
      String cause = readString(in);
      String eventId = readString(in);
      ts.add(
          new StageTransition(
              from < 0 ? null : stages[from], to, at, cause, eventId, in.readBoolean()));
    }
    return new Lifecycle(ts);
  }

  /** Length-prefixed UTF-8, -1 for null (writeUTF would stop at 64 KB). */
  private static void writeString(DataOutputStream out, String s) throws IOException {
    if (s == null) {
      out.writeInt(-1);
      return;
    }
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static String readString(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      return null;
    }
    byte[] b = new byte[n];
    in.readFully(b);
    return new String(b, StandardCharsets.UTF_8);
  }

  private static void writeInstant(DataOutputStream out, Instant t) throws IOException {
    out.writeBoolean(t != null);
    if (t != null) {
      out.writeLong(t.getEpochSecond());
      out.writeInt(t.getNano());
    }
  }

  private static Instant readInstant(DataInputStream in) throws IOException {
    return in.readBoolean() ? Instant.ofEpochSecond(in.readLong(), in.readInt()) : null;
  }
}
