package dev.rapport.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON Lines through Jackson's streaming parser. The columns are the flattened keys of the first
 * well-formed object, then any column the mapping names that it lacks; keys seen only in later
 * lines and not named by the mapping are ignored.
 */
final class JsonLinesRowReader implements RowReader {
  private static final JsonFactory JSON = new ObjectMapper().getFactory();

  /** A row, or a malformed line, read ahead while looking for the first object. */
  private record Ahead(RawRow row, String text, MalformedRowException error) {}

  private final Path file;
  private final TextInput input;
  private final BufferedReader lines;
  private final List<String> columns;
  private final Map<String, Integer> index;
  private final ArrayDeque<Ahead> ahead = new ArrayDeque<>();
  private long lineNumber;
  private long lastRowLine = -1;
  private String lastRowText;

  JsonLinesRowReader(Path file, List<String> mappingColumns) throws IOException {
    this.file = file;
    this.input = TextInput.open(file);
    this.lines = new BufferedReader(input.reader(), 1 << 16);
    try {
      Map<String, String> first = null;
      String line;
      while (first == null && (line = readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        try {
          Map<String, String> object = new LinkedHashMap<>();
          parse(line, lineNumber, object, null);
          first = object;
          ahead.add(new Ahead(new RawRow(lineNumber, null), line, null));
        } catch (MalformedRowException e) {
          ahead.add(new Ahead(null, line, e));
        }
      }
      List<String> names =
          new ArrayList<>(first == null ? Map.<String, String>of().keySet() : first.keySet());
      for (String c : mappingColumns) {
        if (!names.contains(c)) {
          names.add(c);
        }
      }
      this.columns = List.copyOf(names);
      this.index = new HashMap<>();
      for (int i = 0; i < columns.size(); i++) {
        index.put(columns.get(i), i);
      }
      if (first != null) {
        Ahead a = ahead.removeLast();
        String[] values = new String[columns.size()];
        Arrays.fill(values, "");
        for (Map.Entry<String, String> e : first.entrySet()) {
          values[index.get(e.getKey())] = e.getValue();
        }
        ahead.addLast(new Ahead(new RawRow(a.row().line(), values), a.text(), null));
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  private String readLine() {
    try {
      String line = lines.readLine();
      if (line != null) {
        lineNumber++;
      }
      return line;
    } catch (IOException e) {
      throw new ImportException(file, "cannot be read after line " + lineNumber + ": " + e, e);
    }
  }

  /** Parses one line into either {@code collect} (all keys) or {@code values} (known keys). */
  private void parse(String line, long lineNo, Map<String, String> collect, String[] values) {
    try (JsonParser p = JSON.createParser(line)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new MalformedRowException(lineNo, line, "not a JSON object");
      }
      readObject(p, null, collect, values);
      if (p.nextToken() != null) {
        throw new MalformedRowException(
            lineNo, line, "malformed JSON: more than one value on the line");
      }
    } catch (JsonProcessingException e) {
      throw new MalformedRowException(
          lineNo, line, "malformed JSON: " + YamlTree.firstLine(e.getOriginalMessage()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void readObject(JsonParser p, String prefix, Map<String, String> collect, String[] values)
      throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      String key = prefix == null ? name : prefix + '.' + name;
      JsonToken t = p.nextToken();
      if (t == JsonToken.START_OBJECT) {
        readObject(p, key, collect, values);
        continue;
      }
      Integer at = collect == null ? index.get(key) : null;
      if (collect == null && at == null) {
        p.skipChildren();
        continue;
      }
      String text;
      if (t == JsonToken.START_ARRAY) {
        text = p.readValueAsTree().toString();
      } else if (t == JsonToken.VALUE_NULL) {
        text = "";
      } else {
        text = p.getText();
      }
      if (collect != null) {
        collect.put(key, text);
      } else {
        values[at] = text;
      }
    }
  }

  @Override
  public List<String> columns() {
    return columns;
  }

  @Override
  public RawRow next() {
    Ahead a = ahead.pollFirst();
    if (a != null) {
      if (a.error() != null) {
        throw a.error();
      }
      return remember(a.row(), a.text());
    }
    String line;
    do {
      line = readLine();
      if (line == null) {
        return null;
      }
    } while (line.isBlank());
    String[] values = new String[columns.size()];
    Arrays.fill(values, "");
    parse(line, lineNumber, null, values);
    return remember(new RawRow(lineNumber, values), line);
  }

  private RawRow remember(RawRow row, String text) {
    lastRowLine = row.line();
    lastRowText = text;
    return row;
  }

  @Override
  public boolean rawOnlyForLastRow() {
    return true;
  }

  @Override
  public String raw(RawRow row) {
    return row.line() == lastRowLine ? lastRowText : String.join(",", row.values());
  }

  @Override
  public long bytesRead() {
    return input.bytesRead();
  }

  @Override
  public long size() {
    return input.size();
  }

  @Override
  public void close() {
    try {
      lines.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
