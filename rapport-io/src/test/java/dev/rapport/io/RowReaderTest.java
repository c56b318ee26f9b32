package dev.rapport.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RowReaderTest {
  @TempDir Path dir;

  private static Mapping csvMapping(String csvSection) {
    return Mapping.parse(
        "source: t\n"
            + (csvSection.isEmpty() ? "" : "csv: " + csvSection + "\n")
            + "timestamp: {column: ts}\nidentifiers: [{type: email, column: email}]\n"
            + "channel: email\nkind: response\n",
        "t.yaml");
  }

  private List<RawRow> read(Mapping m, Path file) {
    try (RowReader r = RowReader.open(m, file)) {
      return TestFiles.readAll(r);
    }
  }

  @Test
  void csv_quotedFieldWithDelimiterAndNewline_isOneField_andLinesArePhysical() {
    Path f =
        TestFiles.write(
            dir,
            "q.csv",
            "ts,email,text\n"
                + "2024-01-01,a@x.com,\"hello, world\"\n"
                + "2024-01-02,b@x.com,\"two\nlines \"\"quoted\"\"\"\n"
                + "2024-01-03,c@x.com,plain\n");

    List<RawRow> rows = read(csvMapping(""), f);

    assertThat(rows).extracting(RawRow::line).containsExactly(2L, 3L, 5L);
    assertThat(rows.get(0).values()).containsExactly("2024-01-01", "a@x.com", "hello, world");
    assertThat(rows.get(1).values()[2]).isEqualTo("two\nlines \"quoted\"");
  }

  @Test
  void csv_semicolonDelimiter_splitsOnSemicolons() {
    Path f = TestFiles.write(dir, "s.csv", "ts;email;amount\n2024-01-01;a@x.com;1,5\n");
    List<RawRow> rows = read(csvMapping("{delimiter: \";\"}"), f);
    assertThat(rows.get(0).values()).containsExactly("2024-01-01", "a@x.com", "1,5");
  }

  @Test
  void csv_tabDelimiter_andTsvExtensionDefault() {
    String content = "ts\temail\n2024-01-01\ta@x.com\n";
    Path explicit = TestFiles.write(dir, "t.txt", content);
    Path tsv = TestFiles.write(dir, "t.tsv", content);
    assertThat(read(csvMapping("{delimiter: tab}"), explicit).get(0).values())
        .containsExactly("2024-01-01", "a@x.com");
    assertThat(read(csvMapping(""), tsv).get(0).values()).containsExactly("2024-01-01", "a@x.com");
  }

  @Test
  void whitespace_runsOfBlanks_leadingBlanksIgnored_likeCdnow() {
    Path f =
        TestFiles.write(
            dir,
            "CDNOW_master.txt",
            " customer_id  date number_of_cds  dollar_value\n"
                + " 00001 19970101  1   11.77\n"
                + "\n"
                + " 00002 19970112 \t5   77.00  \n");
    Mapping m =
        Mapping.parse(
            "source: cdnow\ncsv: {delimiter: whitespace}\n"
                + "timestamp: {column: date, format: yyyyMMdd}\n"
                + "identifiers: [{type: customer_id, column: customer_id}]\n"
                + "channel: web\nkind: purchase\nvalue: {column: dollar_value}\n",
            "cdnow.yaml");

    try (RowReader r = RowReader.open(m, f)) {
      assertThat(r.columns())
          .containsExactly("customer_id", "date", "number_of_cds", "dollar_value");
      List<RawRow> rows = TestFiles.readAll(r);
      assertThat(rows).extracting(RawRow::line).containsExactly(2L, 4L);
      assertThat(rows.get(1).values()).containsExactly("00002", "19970112", "5", "77.00");
    }
  }

  @Test
  void csv_crlfAndByteOrderMark_areHandled() {
    byte[] body =
        "ts,email\r\n2024-01-01,a@x.com\r\n2024-01-02,b@x.com\r\n".getBytes(StandardCharsets.UTF_8);
    byte[] withBom = new byte[body.length + 3];
    withBom[0] = (byte) 0xEF;
    withBom[1] = (byte) 0xBB;
    withBom[2] = (byte) 0xBF;
    System.arraycopy(body, 0, withBom, 3, body.length);
    Path f = TestFiles.write(dir, "bom.csv", withBom);

    try (RowReader r = RowReader.open(csvMapping(""), f)) {
      assertThat(r.columns()).containsExactly("ts", "email");
      List<RawRow> rows = TestFiles.readAll(r);
      assertThat(rows).extracting(RawRow::line).containsExactly(2L, 3L);
      assertThat(rows.get(1).values()).containsExactly("2024-01-02", "b@x.com");
    }
  }

  @Test
  void csv_headerFalse_usesColumnsFromMapping() {
    Path f = TestFiles.write(dir, "n.csv", "2024-01-01,a@x.com\n");
    Mapping m = csvMapping("{header: false, columns: [ts, email]}");
    try (RowReader r = RowReader.open(m, f)) {
      assertThat(r.columns()).containsExactly("ts", "email");
      assertThat(TestFiles.readAll(r)).singleElement().extracting(RawRow::line).isEqualTo(1L);
    }
  }

  @Test
  void csv_gzipped_isDecompressed() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
      gz.write("ts,email\n2024-01-01,a@x.com\n".getBytes(StandardCharsets.UTF_8));
    }
    Path f = TestFiles.write(dir, "z.csv.gz", bytes.toByteArray());
    assertThat(read(csvMapping(""), f))
        .singleElement()
        .satisfies(r -> assertThat(r.values()).containsExactly("2024-01-01", "a@x.com"));
  }

  @Test
  void csv_invalidUtf8_isReplacedNotFatal() {
    byte[] bytes = "ts,email\n2024-01-01,a\u00ff@x.com\n".getBytes(StandardCharsets.ISO_8859_1);
    Path f = TestFiles.write(dir, "latin1.csv", bytes);
    assertThat(read(csvMapping(""), f).get(0).values()[1]).isEqualTo("a\uFFFD@x.com");
  }

  @Test
  void open_missingFile_throwsNamingIt() {
    Path f = dir.resolve("missing.csv");
    assertThatThrownBy(() -> RowReader.open(csvMapping(""), f))
        .isInstanceOf(ImportException.class)
        .hasMessage(f + ": file not found");
  }

  @Test
  void open_emptyFileWithHeaderExpected_throws() {
    Path f = TestFiles.write(dir, "empty.csv", "");
    assertThatThrownBy(() -> RowReader.open(csvMapping(""), f))
        .isInstanceOf(ImportException.class)
        .hasMessage(f + ": is empty; expected a header line");
  }

  @Test
  void open_unknownExtension_asksForFormat() {
    Path f = TestFiles.write(dir, "data.dat", "x");
    assertThatThrownBy(() -> RowReader.open(csvMapping(""), f))
        .isInstanceOf(ImportException.class)
        .hasMessageContaining("cannot tell the format from the file name; set format:");
  }

  @Test
  void jsonl_nestedObjectsFlattened_andMalformedLineIsReportedNotFatal() {
    Path f =
        TestFiles.write(
            dir,
            "e.jsonl",
            "{\"ts\":\"2024-01-01T00:00:00Z\",\"user\":{\"email\":\"a@x.com\",\"tags\":[1,2]},\"n\":null}\n"
                + "{\"ts\": \"2024-01-02T00:00:00Z\", \"user\": {\"email\": \"b@x.com\"\n"
                + "\n"
                + "[1,2]\n"
                + "{\"user\":{\"email\":\"c@x.com\"},\"ts\":\"2024-01-03T00:00:00Z\",\"extra\":1}\n");
    Mapping m =
        Mapping.parse(
            "source: j\ntimestamp: {column: ts}\nidentifiers: [{type: email, column: user.email}]\n"
                + "channel: web\nkind: response\ncampaign: {column: campaign}\n",
            "j.yaml");

    try (RowReader r = RowReader.open(m, f)) {
      assertThat(r.columns()).containsExactly("ts", "user.email", "user.tags", "n", "campaign");
      RawRow first = r.next();
      assertThat(first.values())
          .containsExactly("2024-01-01T00:00:00Z", "a@x.com", "[1,2]", "", "");
      assertThatThrownBy(r::next)
          .isInstanceOfSatisfying(
              MalformedRowException.class,
              e -> {
                assertThat(e.line()).isEqualTo(2);
                assertThat(e.rule()).startsWith("malformed JSON");
              });
      assertThatThrownBy(r::next)
          .isInstanceOfSatisfying(
              MalformedRowException.class,
              e -> {
                assertThat(e.line()).isEqualTo(4);
                assertThat(e.rule()).isEqualTo("not a JSON object");
              });
      RawRow last = r.next();
      assertThat(last.line()).isEqualTo(5);
      assertThat(last.values()).containsExactly("2024-01-03T00:00:00Z", "c@x.com", "", "", "");
      assertThat(r.raw(last)).startsWith("{\"user\":{\"email\":\"c@x.com\"}");
      assertThat(r.next()).isNull();
    }
  }

  @Test
  void jsonl_malformedFirstLine_isStillReportedInOrder() {
    Path f =
        TestFiles.write(
            dir, "m.jsonl", "not json\n{\"ts\":\"2024-01-01\",\"email\":\"a@x.com\"}\n");
    try (RowReader r = RowReader.open(csvMapping(""), f)) {
      assertThatThrownBy(r::next).isInstanceOf(MalformedRowException.class);
      assertThat(r.next().values()).containsExactly("2024-01-01", "a@x.com");
      assertThat(r.next()).isNull();
    }
  }

  @Test
  void progress_bytesRead_reachesFileSize() throws IOException {
    Path f = TestFiles.write(dir, "p.csv", "ts,email\n2024-01-01,a@x.com\n");
    try (RowReader r = RowReader.open(csvMapping(""), f)) {
      TestFiles.readAll(r);
      assertThat(r.bytesRead()).isEqualTo(Files.size(f));
      assertThat(r.size()).isEqualTo(Files.size(f));
    }
  }
}
