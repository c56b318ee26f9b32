package dev.rapport.server;

import io.javalin.security.RouteRole;
import java.util.Locale;

/**
 * What an API key may do. {@link #ADMIN} may do everything; {@link #PUBLIC} marks the endpoints
 * that need no key (health, and the pages that only load assets).
 */
public enum Role implements RouteRole {
  PUBLIC,
  INGEST,
  READ,
  ADMIN;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a role name given to {@code rapport keys create --role}. */
  public static Role parse(String text) {
    for (Role r : new Role[] {INGEST, READ, ADMIN}) {
      if (r.id().equalsIgnoreCase(text.strip())) {
        return r;
      }
    }
    throw new IllegalArgumentException(
        "unknown role '" + text + "'; expected one of ingest, read, admin");
  }
}
