package dev.rapport.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parquet through DuckDB's {@code read_parquet} on a private in-memory connection. Values come as
 * DuckDB prints them, except timestamps: {@code TIMESTAMP} as ISO local date-time ({@code
 * 2024-03-01T10:15:30}), {@code TIMESTAMP WITH TIME ZONE} as an ISO instant ({@code
 * 2024-03-01T08:15:30Z}); null is empty. The "line" of a row is its 1-based position in the file.
 */
final class ParquetRowReader implements RowReader {
  private static final DateTimeFormatter LOCAL = DateTimeFormatter.ISO_LOCAL_DATE_TIME;

  private enum Type {
    TEXT,
    TIMESTAMP,
    TIMESTAMP_TZ
  }

  private final Path file;
  private final long size;
  private final Connection connection;
  private final PreparedStatement statement;
  private final ResultSet rows;
  private final List<String> columns;
  private final Type[] types;
  private final long totalRows;
  private long row;

  ParquetRowReader(Path file) throws IOException {
    this.file = file;
    this.size = Files.size(file);
    try {
      connection = DriverManager.getConnection("jdbc:duckdb:");
    } catch (SQLException e) {
      throw new ImportException(file, "cannot start DuckDB to read Parquet: " + e.getMessage(), e);
    }
    try {
      String path = file.toAbsolutePath().toString();
      try (PreparedStatement count =
          connection.prepareStatement("SELECT count(*) FROM read_parquet(?)")) {
        count.setString(1, path);
        try (ResultSet rs = count.executeQuery()) {
          rs.next();
          totalRows = rs.getLong(1);
        }
      }
      statement = connection.prepareStatement("SELECT * FROM read_parquet(?)");
      statement.setString(1, path);
      rows = statement.executeQuery();
      ResultSetMetaData md = rows.getMetaData();
      List<String> names = new ArrayList<>();
      types = new Type[md.getColumnCount()];
      for (int i = 1; i <= md.getColumnCount(); i++) {
        names.add(md.getColumnName(i));
        String t = md.getColumnTypeName(i).toUpperCase(Locale.ROOT);
        types[i - 1] =
            t.startsWith("TIMESTAMP WITH TIME ZONE") || t.equals("TIMESTAMPTZ")
                ? Type.TIMESTAMP_TZ
                : t.startsWith("TIMESTAMP") ? Type.TIMESTAMP : Type.TEXT;
      }
      columns = List.copyOf(names);
    } catch (SQLException e) {
      close();
      throw new ImportException(
          file, "cannot be read as Parquet: " + YamlTree.firstLine(e.getMessage()), e);
    }
  }

  @Override
  public List<String> columns() {
    return columns;
  }

  @Override
  public RawRow next() {
    try {
      if (!rows.next()) {
        return null;
      }
      row++;
      String[] values = new String[types.length];
      for (int i = 0; i < types.length; i++) {
        values[i] = value(i + 1, types[i]);
      }
      return new RawRow(row, values);
    } catch (SQLException e) {
      throw new ImportException(
          file,
          "cannot be read as Parquet at row "
              + (row + 1)
              + ": "
              + YamlTree.firstLine(e.getMessage()),
          e);
    }
  }

  private String value(int column, Type type) throws SQLException {
    switch (type) {
      case TIMESTAMP:
        {
          Timestamp t = rows.getTimestamp(column);
          return t == null ? "" : LOCAL.format(t.toLocalDateTime());
        }
      case TIMESTAMP_TZ:
        {
          OffsetDateTime t = rows.getObject(column, OffsetDateTime.class);
          return t == null ? "" : t.toInstant().toString();
        }
      default:
        {
          String s = rows.getString(column);
          return s == null ? "" : s;
        }
    }
  }

  @Override
  public String raw(RawRow row) {
    return String.join(",", row.values());
  }

  @Override
  public long bytesRead() {
    return totalRows == 0 ? size : (long) (size * ((double) row / totalRows));
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public void close() {
    try {
      if (rows != null) {
        rows.close();
      }
      if (statement != null) {
        statement.close();
      }
    } catch (SQLException e) {
      // nothing to recover; the connection is closed below
    } finally {
      try {
        connection.close();
      } catch (SQLException e) {
        // ignore: an in-memory database has nothing to lose
      }
    }
  }
}
