package dev.rapport.io;

import static org.assertj.core.api.Assertions.assertThat;

import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever a CSV writer quotes, the reader gives back field for field, with the right lines. */
class CsvRoundTripTest {
  private static final Mapping MAPPING =
      Mapping.parse(
          "source: p\ntimestamp: {column: c0}\nidentifiers: [{type: email, column: c1}]\n"
              + "channel: web\nkind: response\n",
          "p.yaml");

  @Provide
  Arbitrary<List<List<String>>> rows() {
    Arbitrary<String> field =
        Arbitraries.strings().withChars('a', 'b', ',', '"', '\n', ' ', 'é', ';').ofMaxLength(6);
    return field.list().ofSize(3).list().ofMinSize(1).ofMaxSize(20);
  }

  @Property(tries = 200)
  void read_writtenRows_comeBackUnchanged(
      @ForAll("rows") List<List<String>> rows, @ForAll boolean crlf) throws IOException {
    Path file = Files.createTempFile("roundtrip", ".csv");
    try {
      try (CsvWriter w =
          CsvWriter.builder()
              .lineDelimiter(crlf ? LineDelimiter.CRLF : LineDelimiter.LF)
              .build(file, StandardCharsets.UTF_8)) {
        w.writeRecord("c0", "c1", "c2");
        for (List<String> r : rows) {
          w.writeRecord(r);
        }
      }
      List<RawRow> read;
      try (RowReader reader = RowReader.open(MAPPING, file)) {
        read = TestFiles.readAll(reader);
      }
      List<List<String>> values = new ArrayList<>();
      List<Long> lines = new ArrayList<>();
      for (RawRow r : read) {
        values.add(List.of(r.values()));
        lines.add(r.line());
      }
      List<Long> expectedLines = new ArrayList<>();
      long line = 2;
      for (List<String> r : rows) {
        expectedLines.add(line);
        line += 1 + String.join("", r).chars().filter(c -> c == '\n').count();
      }
      assertThat(values).isEqualTo(rows);
      assertThat(lines).isEqualTo(expectedLines);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
