package dev.rapport.store;

/**
 * A failure of the database behind a {@link Store}: the message names the operation and the
 * database (file or URL); the driver's exception is the cause.
 */
public class StoreException extends RuntimeException {
  private final String operation;
  private final String database;

  public StoreException(String operation, String database, Throwable cause) {
    super(
        "cannot "
            + operation
            + " in "
            + database
            + (cause == null || cause.getMessage() == null ? "" : ": " + cause.getMessage()),
        cause);
    this.operation = operation;
    this.database = database;
  }

  public StoreException(String operation, String database, String reason) {
    super("cannot " + operation + " in " + database + ": " + reason);
    this.operation = operation;
    this.database = database;
  }

  /** What the store was doing, e.g. {@code append events}. */
  public String operation() {
    return operation;
  }

  /** The database file or URL. */
  public String database() {
    return database;
  }
}
