package dev.rapport.io;

import java.nio.file.Path;
import java.util.List;

/**
 * Maps the rows of a customer attribute file ({@code kind: customers} mapping) to {@link
 * CustomerAttributes}, or says why a row cannot be one: wrong number of fields, invalid UTF-8, a
 * broken rule, a required identifier empty, no identifier at all. Bound to one header; not
 * thread-safe.
 */
public final class CustomerRowMapper {
  private final Mapping mapping;
  private final RowBinding binding;

  private CustomerRowMapper(Mapping m, Path file, List<String> columns) {
    if (!m.isCustomers()) {
      throw new IllegalArgumentException(
          "mapping " + m.origin() + " is an events mapping; use RowMapper");
    }
    this.mapping = m;
    this.binding = new RowBinding(m, file, columns);
  }

  /**
   * Binds a customers mapping to a file's header.
   *
   * @throws ImportException when the header lacks a column the mapping names
   * @throws IllegalArgumentException for an events mapping
   */
  public static CustomerRowMapper of(Mapping mapping, Path file, List<String> columns) {
    return new CustomerRowMapper(mapping, file, columns);
  }

  /**
   * A mapper that drops identifier values the predicate calls junk (the workspace blocklist), and
   * rejects a row left with none.
   */
  public static CustomerRowMapper of(
      Mapping mapping,
      Path file,
      List<String> columns,
      java.util.function.Predicate<String> blockedIdentifier) {
    CustomerRowMapper m = new CustomerRowMapper(mapping, file, columns);
    m.binding.blockIdentifiers(blockedIdentifier);
    return m;
  }

  public Mapping mapping() {
    return mapping;
  }

  public List<String> columns() {
    return binding.columns;
  }

  /** The attributes the row sets, or the rejection that says why it cannot be used. */
  public Mapped<CustomerAttributes> map(RawRow row) {
    String[] v = row.values();
    try {
      binding.checkShape(v);
      binding.checkRules(v);
      return Mapped.accepted(
          new CustomerAttributes(
              binding.identifiers(v), binding.attributes(v), binding.fileName, row.line()));
    } catch (RowRejected r) {
      return Mapped.rejected(r.at(binding.fileName, row.line()));
    }
  }
}
