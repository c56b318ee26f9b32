package dev.rapport.io;

/**
 * The accounting of an import: every row read is accepted (newly added), rejected (sent to the
 * reject sink) or a duplicate (its event id was already known), so {@code read == accepted +
 * rejected + duplicate}.
 */
public record ImportResult(long read, long accepted, long rejected, long duplicate) {
  public static final ImportResult EMPTY = new ImportResult(0, 0, 0, 0);

  public ImportResult {
    if (read < 0 || accepted < 0 || rejected < 0 || duplicate < 0) {
      throw new IllegalArgumentException(
          "negative count in " + summary(read, accepted, rejected, duplicate));
    }
    if (read != accepted + rejected + duplicate) {
      throw new IllegalArgumentException(
          "read must equal accepted + rejected + duplicate: "
              + summary(read, accepted, rejected, duplicate));
    }
  }

  /** The sum of two results, e.g. of two imports. */
  public ImportResult plus(ImportResult o) {
    return new ImportResult(
        read + o.read, accepted + o.accepted, rejected + o.rejected, duplicate + o.duplicate);
  }

  /** Exactly {@code read=N accepted=N rejected=N duplicate=N}. */
  public String summaryLine() {
    return summary(read, accepted, rejected, duplicate);
  }

  private static String summary(long read, long accepted, long rejected, long duplicate) {
    return "read="
        + read
        + " accepted="
        + accepted
        + " rejected="
        + rejected
        + " duplicate="
        + duplicate;
  }
}
