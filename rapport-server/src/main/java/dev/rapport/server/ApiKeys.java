package dev.rapport.server;

import dev.rapport.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The API keys of a workspace, kept in {@code api-keys.tsv} beside {@code rapport.yaml}: one line
 * per key with its public id, the SHA-256 of its secret, its roles, when it was made and a label.
 * The secret itself is shown once, when the key is made, and never stored.
 *
 * <p>A key reads {@code rk_<id>_<secret>}: 8 random bytes of id in hex, 32 random bytes of secret
 * in URL-safe base64. One fast hash is enough: a 256-bit random secret cannot be guessed, and a
 * slow password hash would cost every request milliseconds. Hashes are compared in constant time.
 *
 * <p>The file is read again when it changes, so keys made or revoked with {@code rapport keys}
 * while the server runs take effect within a second.
 */
public final class ApiKeys {
  public static final String FILE_NAME = "api-keys.tsv";
  private static final String HEADER = "# key_id\tsha256\troles\tcreated\tlabel";
  private static final SecureRandom RANDOM = new SecureRandom();

  /** One key as stored: never the secret. */
  public record Key(String id, byte[] hash, Set<Role> roles, Instant created, String label) {
    public boolean allows(Set<? extends io.javalin.security.RouteRole> needed) {
      if (roles.contains(Role.ADMIN)) {
        return true;
      }
      for (Object r : needed) {
        if (roles.contains(r)) {
          return true;
        }
      }
      return false;
    }
  }

  private final Path file;
  private volatile Map<String, Key> keys = Map.of();
  private volatile FileTime loadedModified;
  private volatile long checkedAtNanos = System.nanoTime();

  private ApiKeys(Path file) {
    this.file = file;
  }

  /** The keys of the workspace in {@code dir}; none when the file does not exist yet. */
  public static ApiKeys open(Path dir) {
    ApiKeys k = new ApiKeys(dir.resolve(FILE_NAME));
    k.reload();
    return k;
  }

  public synchronized int count() {
    return keys.size();
  }

  /** Every key, oldest first. */
  public List<Key> list() {
    reloadIfChanged();
    return List.copyOf(keys.values());
  }

  /**
   * Makes a key and returns it whole; only its hash is stored.
   *
   * @throws IllegalArgumentException when no role is given or the label holds a tab or newline
   */
  public synchronized String create(Set<Role> roles, String label) {
    if (roles.isEmpty() || roles.contains(Role.PUBLIC)) {
      throw new IllegalArgumentException("a key needs at least one of ingest, read, admin");
    }
    String text = label == null ? "" : label;
    if (text.contains("\t") || text.contains("\n") || text.contains("\r")) {
      throw new IllegalArgumentException("a key label may not hold a tab or a line break");
    }
    reload();
    byte[] idBytes = new byte[8];
    byte[] secret = new byte[32];
    RANDOM.nextBytes(idBytes);
    RANDOM.nextBytes(secret);
    String id = HexFormat.of().formatHex(idBytes);
    String secretText = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    Map<String, Key> next = new LinkedHashMap<>(keys);
    next.put(
        id,
        new Key(
            id,
            sha256(secretText),
            EnumSet.copyOf(roles),
            Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
            text));
    write(next);
    return "rk_" + id + "_" + secretText;
  }

  /** Removes a key by its id; false when there is none. */
  public synchronized boolean revoke(String id) {
    reload();
    if (!keys.containsKey(id)) {
      return false;
    }
    Map<String, Key> next = new LinkedHashMap<>(keys);
    next.remove(id);
    write(next);
    return true;
  }

  /**
   * The key a request presents, from {@code Authorization: Bearer <key>} or {@code X-API-Key};
   * empty when none is presented or it does not match a stored key.
   */
  public Optional<Key> authenticate(String presented) {
    if (presented == null) {
      return Optional.empty();
    }
    String text = presented.strip();
    if (text.regionMatches(true, 0, "Bearer ", 0, 7)) {
      text = text.substring(7).strip();
    }
    if (!text.startsWith("rk_") || text.length() < 21 || text.charAt(19) != '_') {
      return Optional.empty();
    }
    reloadIfChanged();
    Key k = keys.get(text.substring(3, 19));
    if (k == null || !MessageDigest.isEqual(k.hash(), sha256(text.substring(20)))) {
      return Optional.empty();
    }
    return Optional.of(k);
  }

  private static byte[] sha256(String secret) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  private void reloadIfChanged() {
    long now = System.nanoTime();
    if (now - checkedAtNanos < 1_000_000_000L) {
      return;
    }
    checkedAtNanos = now;
    try {
      FileTime modified = Files.exists(file) ? Files.getLastModifiedTime(file) : null;
      if (modified == null ? loadedModified != null : !modified.equals(loadedModified)) {
        synchronized (this) {
          reload();
        }
      }
    } catch (IOException e) {
      // Keep the keys we have: a half-written file must not lock everybody out.
    }
  }

  private void reload() {
    if (!Files.exists(file)) {
      keys = Map.of();
      loadedModified = null;
      return;
    }
    try {
      FileTime modified = Files.getLastModifiedTime(file);
      Map<String, Key> read = new LinkedHashMap<>();
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\t", -1);
        if (f.length != 5) {
          throw new IllegalArgumentException(
              file + " line " + (i + 1) + ": expected 5 tab-separated fields, got " + f.length);
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String r : f[2].split(",")) {
          roles.add(Role.parse(r));
        }
        read.put(
            f[0], new Key(f[0], HexFormat.of().parseHex(f[1]), roles, Instant.parse(f[3]), f[4]));
      }
      keys = read;
      loadedModified = modified;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** Writes the whole file to a temporary file and moves it in place, so readers never see half. */
  private void write(Map<String, Key> next) {
    List<String> lines = new ArrayList<>();
    lines.add(HEADER);
    for (Key k : next.values()) {
      List<String> roles = new ArrayList<>();
      for (Role r : k.roles()) {
        roles.add(r.id());
      }
      lines.add(
          String.join(
              "\t",
              k.id(),
              HexFormat.of().formatHex(k.hash()),
              String.join(",", roles),
              k.created().toString(),
              k.label()));
    }
    AtomicFiles.write(file, lines);
    keys = next;
    try {
      loadedModified = Files.getLastModifiedTime(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
