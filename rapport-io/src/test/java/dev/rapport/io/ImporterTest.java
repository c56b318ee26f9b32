package dev.rapport.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import dev.rapport.core.Identifier;
import dev.rapport.core.Interaction;
import dev.rapport.core.Kind;
import dev.rapport.io.TestFiles.MemoryEventSink;
import dev.rapport.io.TestFiles.MemoryRejectSink;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImporterTest {
  @TempDir Path dir;

  private static final String RETAIL_YAML =
      String.join(
          "\n",
          "source: online-retail",
          "timestamp: {column: InvoiceDate, format: \"yyyy-MM-dd HH:mm:ss\"}",
          "identifiers:",
          "  - {type: customer_id, column: CustomerID, required: true}",
          "channel: store",
          "kind: purchase",
          "value: {multiply: [Quantity, UnitPrice]}",
          "returns: {negative_value: true, prefix: {column: InvoiceNo, value: C}}",
          "attributes: [Country]",
          "");
  private static final String RETAIL_HEADER =
      "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n";

  private Path retailFile() {
    return TestFiles.write(
        dir,
        "OnlineRetail.csv",
        RETAIL_HEADER
            + "536365,85123A,\"HOLDER, WHITE\",6,2010-12-01 08:26:00,2.55,17850,United Kingdom\n"
            + "536365,71053,LANTERN,6,2010-12-01 08:26:00,3.39,17850,United Kingdom\n"
            + "536365,71053,LANTERN,6,2010-12-01 08:26:00,3.39,17850,United Kingdom\n"
            + "536366,22633,WARMER,6,2010-12-01 08:28:00,1.85,,United Kingdom\n"
            + "C536379,D,Discount,-1,2010-12-01 09:41:00,27.5,14527,United Kingdom\n"
            + "536367,84879,BIRD,32,2010-31-12 08:34:00,1.69,13047,United Kingdom\n"
            + "536368,22960,JAR,6,2010-12-01 08:34:00,4.25,13047\n");
  }

  @Test
  void run_countsEveryRow_readEqualsAcceptedPlusRejectedPlusDuplicate() {
    Mapping m = Mapping.parse(RETAIL_YAML, "retail.yaml");
    MemoryEventSink sink = new MemoryEventSink();
    MemoryRejectSink rejects = new MemoryRejectSink();

    ImportResult r =
        new Importer(2).run(m, List.of(retailFile()), sink, rejects, ProgressListener.none());

    // The two identical LANTERN lines are two invoice lines: both accepted.
    assertThat(r).isEqualTo(new ImportResult(7, 4, 3, 0));
    assertThat(r.summaryLine()).isEqualTo("read=7 accepted=4 rejected=3 duplicate=0");
    assertThat(r.read()).isEqualTo(r.accepted() + r.rejected() + r.duplicate());
    assertThat(sink.batchSizes).allMatch(n -> n <= 2);
    assertThat(rejects.rejections)
        .extracting(Rejection::message)
        .containsExactly(
            "OnlineRetail.csv line 5: field CustomerID value '' breaks rule 'required identifier customer_id'",
            "OnlineRetail.csv line 7: field InvoiceDate value '2010-31-12 08:34:00' breaks rule 'timestamp format 'yyyy-MM-dd HH:mm:ss''",
            "OnlineRetail.csv line 8: row has 7 fields, header has 8");
    assertThat(rejects.raws.get(2)).isEqualTo("536368,22960,JAR,6,2010-12-01 08:34:00,4.25,13047");
    Interaction ret = sink.list().get(3);
    assertThat(ret.kind()).isEqualTo(Kind.RETURN);
    assertThat(ret.value()).isEqualTo(-27.5);
  }

  @Test
  void run_sameFileTwice_derivedIdsAreStable_andSecondRunAddsNothing() {
    Mapping m = Mapping.parse(RETAIL_YAML, "retail.yaml");
    Path file = retailFile();
    MemoryEventSink sink = new MemoryEventSink();

    ImportResult first =
        new Importer().run(m, List.of(file), sink, RejectSink.discard(), ProgressListener.none());
    List<String> ids = sink.list().stream().map(Interaction::eventId).collect(Collectors.toList());
    ImportResult second =
        new Importer().run(m, List.of(file), sink, RejectSink.discard(), ProgressListener.none());
    MemoryEventSink fresh = new MemoryEventSink();
    new Importer()
        .run(
            Mapping.parse(RETAIL_YAML, "again.yaml"),
            List.of(file),
            fresh,
            RejectSink.discard(),
            ProgressListener.none());

    assertThat(first.accepted()).isEqualTo(4);
    assertThat(second).isEqualTo(new ImportResult(7, 0, 3, 4));
    assertThat(fresh.list()).extracting(Interaction::eventId).isEqualTo(ids);
  }

  @Test
  void run_identicalLines_areDistinctEvents_andReSortedFileAddsNothing() {
    Mapping m = Mapping.parse(RETAIL_YAML, "retail.yaml");
    String a = "536365,71053,LANTERN,6,2010-12-01 08:26:00,3.39,17850,United Kingdom\n";
    String b = "536370,22728,ALARM,24,2010-12-01 08:45:00,3.75,12583,France\n";
    Path first = TestFiles.write(dir, "first.csv", RETAIL_HEADER + a + b + a + a);
    Path resorted = TestFiles.write(dir, "resorted.csv", RETAIL_HEADER + a + a + b + a);
    MemoryEventSink sink = new MemoryEventSink();
    ImportResult r1 =
        new Importer().run(m, List.of(first), sink, RejectSink.discard(), ProgressListener.none());
    ImportResult r2 =
        new Importer()
            .run(m, List.of(resorted), sink, RejectSink.discard(), ProgressListener.none());
    assertThat(r1).isEqualTo(new ImportResult(4, 4, 0, 0));
    assertThat(r2).isEqualTo(new ImportResult(4, 0, 0, 4));
  }

  @Test
  void run_truncatedLastLine_isRejectedNotLost() {
    Path f =
        TestFiles.write(
            dir,
            "cut.csv",
            RETAIL_HEADER
                + "536365,85123A,HOLDER,6,2010-12-01 08:26:00,2.55,17850,United Kingdom\n536366,2263");
    MemoryRejectSink rejects = new MemoryRejectSink();
    ImportResult r =
        new Importer()
            .run(
                Mapping.parse(RETAIL_YAML, "r.yaml"),
                List.of(f),
                new MemoryEventSink(),
                rejects,
                ProgressListener.none());
    assertThat(r).isEqualTo(new ImportResult(2, 1, 1, 0));
    assertThat(rejects.rejections.get(0).message())
        .isEqualTo("cut.csv line 3: row has 2 fields, header has 8");
  }

  @Test
  void run_invalidUtf8Bytes_rejectTheRow() throws IOException {
    byte[] head = (RETAIL_HEADER + "536365,1,").getBytes(StandardCharsets.UTF_8);
    byte[] bad = {(byte) 'C', (byte) 'a', (byte) 'f', (byte) 0xE9}; // Latin-1 é: not UTF-8
    byte[] tail =
        ",6,2010-12-01 08:26:00,2.55,17850,France\n536365,2,Ok,6,2010-12-01 08:26:00,2.55,17850,France\n"
            .getBytes(StandardCharsets.UTF_8);
    byte[] all = new byte[head.length + bad.length + tail.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(bad, 0, all, head.length, bad.length);
    System.arraycopy(tail, 0, all, head.length + bad.length, tail.length);
    Path f = TestFiles.write(dir, "latin1.csv", all);
    MemoryRejectSink rejects = new MemoryRejectSink();

    ImportResult r =
        new Importer()
            .run(
                Mapping.parse(RETAIL_YAML, "r.yaml"),
                List.of(f),
                new MemoryEventSink(),
                rejects,
                ProgressListener.none());

    assertThat(r).isEqualTo(new ImportResult(2, 1, 1, 0));
    Rejection rej = rejects.rejections.get(0);
    assertThat(rej.line()).isEqualTo(2);
    assertThat(rej.field()).isEqualTo("Description");
    assertThat(rej.rule()).isEqualTo("invalid UTF-8");
  }

  @Test
  void run_wrongDelimiter_failsBeforeImportingWithAHint() {
    Path good = retailFile();
    Path semicolons =
        TestFiles.write(dir, "semi.csv", RETAIL_HEADER.replace(',', ';') + "1;2;3;4;5;6;7;8\n");
    MemoryEventSink sink = new MemoryEventSink();

    assertThatThrownBy(
            () ->
                new Importer()
                    .run(
                        Mapping.parse(RETAIL_YAML, "retail.yaml"),
                        List.of(good, semicolons),
                        sink,
                        RejectSink.discard(),
                        ProgressListener.none()))
        .isInstanceOf(ImportException.class)
        .hasMessageStartingWith(semicolons + ": header has 1 column 'InvoiceNo;StockCode;")
        .hasMessageContaining("is the delimiter ';'? The mapping retail.yaml reads ','");
    assertThat(sink.events).isEmpty();
  }

  @Test
  void run_missingFile_throwsNamingIt() {
    Path missing = dir.resolve("nope.csv");
    assertThatThrownBy(
            () ->
                new Importer()
                    .run(
                        Mapping.parse(RETAIL_YAML, "r.yaml"),
                        List.of(missing),
                        new MemoryEventSink(),
                        RejectSink.discard(),
                        ProgressListener.none()))
        .isInstanceOf(ImportException.class)
        .hasMessage(missing + ": file not found");
  }

  @Test
  void run_rejectsGoToCsvFileCreatedOnlyWhenNeeded() throws IOException {
    Mapping m = Mapping.parse(RETAIL_YAML, "retail.yaml");
    Clock clock = Clock.fixed(Instant.parse("2024-05-06T07:08:09Z"), ZoneOffset.UTC);
    Path rejectsDir = dir.resolve("ws").resolve("rejects");

    try (CsvRejectWriter clean = CsvRejectWriter.inDirectory(rejectsDir, m.source(), clock)) {
      Path ok =
          TestFiles.write(dir, "ok.csv", RETAIL_HEADER + "1,2,3,4,2010-12-01 08:26:00,1,5,UK\n");
      new Importer().run(m, List.of(ok), new MemoryEventSink(), clean, ProgressListener.none());
      assertThat(clean.file()).isEmpty();
      assertThat(rejectsDir).doesNotExist();
    }

    CsvRejectWriter writer = CsvRejectWriter.inDirectory(rejectsDir, m.source(), clock);
    try (writer) {
      new Importer()
          .run(m, List.of(retailFile()), new MemoryEventSink(), writer, ProgressListener.none());
    }
    Path expected = rejectsDir.resolve("online-retail-20240506-070809.csv");
    assertThat(writer.file()).contains(expected);
    assertThat(writer.count()).isEqualTo(3);
    List<List<String>> rows = new ArrayList<>();
    try (CsvReader<CsvRecord> csv = CsvReader.builder().ofCsvRecord(expected)) {
      csv.forEach(rec -> rows.add(rec.getFields()));
    }
    assertThat(rows.get(0)).isEqualTo(CsvRejectWriter.HEADER);
    assertThat(rows.get(1))
        .containsExactly(
            "OnlineRetail.csv",
            "5",
            "CustomerID",
            "",
            "required identifier customer_id",
            "536366,22633,WARMER,6,2010-12-01 08:28:00,1.85,,United Kingdom");
    assertThat(rows).hasSize(4);

    try (CsvRejectWriter again = CsvRejectWriter.inDirectory(rejectsDir, m.source(), clock)) {
      new Importer()
          .run(m, List.of(retailFile()), new MemoryEventSink(), again, ProgressListener.none());
      assertThat(again.file()).contains(rejectsDir.resolve("online-retail-20240506-070809-2.csv"));
    }
  }

  @Test
  void run_jsonLines_goodAndMalformedLines() {
    Path f =
        TestFiles.write(
            dir,
            "events.jsonl",
            "{\"id\":\"1\",\"at\":1709288130,\"user\":{\"email\":\"A@x.com\"},\"kind\":\"response\"}\n"
                + "{\"id\":\"2\",\"at\":1709288131,\"user\":{\"email\":\"b@x.com\"},\"kind\":\"response\"\n"
                + "{\"id\":\"3\",\"at\":\"soon\",\"user\":{\"email\":\"c@x.com\"},\"kind\":\"response\"}\n"
                + "{\"id\":\"4\",\"at\":1709288133.5,\"user\":{\"email\":\"d@x.com\"},\"kind\":\"signup\"}\n");
    Mapping m =
        Mapping.parse(
            "source: app\ntimestamp: {column: at, format: epoch_seconds}\nevent_id: {column: id}\n"
                + "identifiers: [{type: email, column: user.email}]\nchannel: app\nkind: {column: kind}\n",
            "app.yaml");
    MemoryEventSink sink = new MemoryEventSink();
    MemoryRejectSink rejects = new MemoryRejectSink();

    ImportResult r = new Importer().run(m, List.of(f), sink, rejects, ProgressListener.none());

    assertThat(r).isEqualTo(new ImportResult(4, 2, 2, 0));
    assertThat(sink.list().get(0).identifiers()).containsExactly(Identifier.of("email", "a@x.com"));
    assertThat(sink.list().get(1).ts()).isEqualTo(Instant.ofEpochSecond(1709288133, 500_000_000));
    assertThat(rejects.rejections.get(0).line()).isEqualTo(2);
    assertThat(rejects.rejections.get(0).rule()).startsWith("malformed JSON");
    assertThat(rejects.raws.get(0)).startsWith("{\"id\":\"2\"");
    assertThat(rejects.rejections.get(1))
        .isEqualTo(
            new Rejection("events.jsonl", 3, "at", "soon", "timestamp format 'epoch_seconds'"));
  }

  @Test
  void run_parquet_readAndMapped() throws SQLException {
    Path f = dir.resolve("events.parquet");
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement()) {
      s.execute(
          "COPY (SELECT * FROM (VALUES "
              + "('p1', TIMESTAMP '2024-03-01 10:15:30', 'c1', 'web', 19.5::DOUBLE, 'FR'),"
              + "('p2', TIMESTAMP '2024-03-02 11:00:00', NULL, 'web', 5.0::DOUBLE, 'DE'),"
              + "('p3', TIMESTAMP '2024-03-03 12:00:00', 'c2', 'fax', 1.0::DOUBLE, 'UK')"
              + ") t(id, ts, customer, ch, amount, country)) TO '"
              + f.toString().replace("'", "''")
              + "' (FORMAT parquet)");
    }
    Mapping m =
        Mapping.parse(
            "source: shop\ntimestamp: {column: ts}\nevent_id: {column: id}\n"
                + "identifiers: [{type: customer_id, column: customer, required: true}]\n"
                + "channel: {column: ch}\nkind: purchase\nvalue: {column: amount}\nattributes: [country]\n",
            "shop.yaml");
    MemoryEventSink sink = new MemoryEventSink();
    MemoryRejectSink rejects = new MemoryRejectSink();
    List<long[]> progress = new ArrayList<>();

    ImportResult r =
        new Importer()
            .run(
                m,
                List.of(f),
                sink,
                rejects,
                (read, total) -> progress.add(new long[] {read, total}));

    assertThat(r).isEqualTo(new ImportResult(3, 1, 2, 0));
    Interaction i = sink.list().get(0);
    assertThat(i.eventId()).isEqualTo("p1");
    assertThat(i.ts()).isEqualTo(Instant.parse("2024-03-01T10:15:30Z"));
    assertThat(i.value()).isEqualTo(19.5);
    assertThat(i.attributes()).isEqualTo(Map.of("country", "FR"));
    assertThat(rejects.rejections)
        .extracting(Rejection::message)
        .containsExactly(
            "events.parquet line 2: field customer value '' breaks rule 'required identifier customer_id'",
            "events.parquet line 3: field ch value 'fax' breaks rule 'known channel (email, sms, push, phone, chat, social, web, app, store, support, mail, other)'");
    assertThat(progress).isNotEmpty();
    long[] last = progress.get(progress.size() - 1);
    assertThat(last[0]).isEqualTo(last[1]);
  }

  @Test
  void run_corruptParquet_failsNamingTheFile() {
    Path f = TestFiles.write(dir, "bad.parquet", "this is not parquet");
    Mapping m =
        Mapping.parse(
            "source: s\ntimestamp: {column: ts}\nidentifiers: [{type: email, column: e}]\nchannel: web\nkind: signup\n",
            "s.yaml");
    assertThatThrownBy(
            () ->
                new Importer()
                    .run(
                        m,
                        List.of(f),
                        new MemoryEventSink(),
                        RejectSink.discard(),
                        ProgressListener.none()))
        .isInstanceOf(ImportException.class)
        .hasMessageStartingWith(f + ": cannot be read as Parquet");
  }

  @Test
  void run_whitespaceFile_cdnowLayout() {
    Path f =
        TestFiles.write(
            dir,
            "CDNOW_master.txt",
            " customer_id  date number_of_cds  dollar_value\n"
                + " 00001 19970101  1   11.77\n"
                + " 00002 19970112  5   77.00\n"
                + " 00002 19970112  5\n");
    Mapping m =
        Mapping.parse(
            "source: cdnow\ncsv: {delimiter: whitespace}\ntimestamp: {column: date, format: yyyyMMdd, zone: America/New_York}\n"
                + "identifiers: [{type: customer_id, column: customer_id}]\nchannel: mail\nkind: purchase\n"
                + "value: {column: dollar_value}\nrules: [{column: number_of_cds, check: integer}]\n",
            "cdnow.yaml");
    MemoryEventSink sink = new MemoryEventSink();
    ImportResult r =
        new Importer().run(m, List.of(f), sink, RejectSink.discard(), ProgressListener.none());
    assertThat(r).isEqualTo(new ImportResult(3, 2, 1, 0));
    assertThat(sink.list().get(0).ts()).isEqualTo(Instant.parse("1997-01-01T05:00:00Z"));
    assertThat(sink.list().get(1).value()).isEqualTo(77.0);
  }

  @Test
  void runCustomers_attributesStar_keepsEveryOtherColumn_andLaterRowsAreDelivered() {
    Path f =
        TestFiles.write(
            dir,
            "crm.csv",
            "id,email,tier,region\n1,A@x.com,gold,EU\n,,silver,US\n1,,platinum,\n2,b@x.com,bronze,US,extra\n");
    Mapping m =
        Mapping.parse(
            "source: crm\nkind: customers\nidentifiers:\n  - {type: customer_id, column: id}\n  - {type: email, column: email}\nattributes: \"*\"\n",
            "crm.yaml");
    List<CustomerAttributes> got = new ArrayList<>();
    MemoryRejectSink rejects = new MemoryRejectSink();

    ImportResult r =
        new Importer().runCustomers(m, List.of(f), got::addAll, rejects, ProgressListener.none());

    assertThat(r).isEqualTo(new ImportResult(4, 2, 2, 0));
    assertThat(got.get(0).identifiers())
        .containsExactly(Identifier.of("customer_id", "1"), Identifier.of("email", "a@x.com"));
    assertThat(got.get(0).attributes()).isEqualTo(Map.of("tier", "gold", "region", "EU"));
    assertThat(got.get(1).attributes()).isEqualTo(Map.of("tier", "platinum"));
    assertThat(got.get(1).line()).isEqualTo(4);
    assertThat(rejects.rejections)
        .extracting(Rejection::rule)
        .containsExactly(
            "at least one identifier (customer_id, email)", "row has 5 fields, header has 4");
  }

  @Test
  void run_canonicalFile_withTheCanonicalMapping() {
    Path f =
        TestFiles.write(
            dir,
            "demo.csv",
            "event_id,ts,customer_id,email,phone,device_id,social_handle,channel,kind,outcome,campaign,variant,holdout,value,cost,score,text,ticket_id,ticket_status,referred\n"
                + "e1,2024-03-01T10:15:30Z,c1,,,,,email,touch,,spring,a,false,,0.01,,,,,\n"
                + "e2,2024-03-01T11:00:00Z,c1,,,,,email,response,,spring,a,,,,,,,,\n"
                + "e3,2024-03-02T09:00:00Z,c1,,,,,web,purchase,,,,,42.0,,,,,,\n"
                + "e4,2024-03-03T09:00:00Z,c1,,,,,web,referral,,,,,,,,,,,c7\n");
    MemoryEventSink sink = new MemoryEventSink();
    ImportResult r =
        new Importer()
            .run(
                Mapping.canonical(),
                List.of(f),
                sink,
                RejectSink.discard(),
                ProgressListener.none());
    assertThat(r).isEqualTo(new ImportResult(4, 4, 0, 0));
    assertThat(sink.list())
        .extracting(Interaction::kind)
        .containsExactly(Kind.TOUCH, Kind.RESPONSE, Kind.PURCHASE, Kind.REFERRAL);
    assertThat(sink.list().get(0).holdout()).isFalse();
    assertThat(sink.list().get(3).attributes()).isEqualTo(Map.of("referred", "c7"));
  }

  @Test
  void run_progress_endsAtTotalBytes() throws IOException {
    Path a = retailFile();
    Path b = TestFiles.write(dir, "b.csv", RETAIL_HEADER + "1,2,3,4,2010-12-01 08:26:00,1,5,UK\n");
    List<long[]> calls = new ArrayList<>();
    List<Path> started = new ArrayList<>();
    ProgressListener listener =
        new ProgressListener() {
          @Override
          public void progress(long bytesRead, long totalBytes) {
            calls.add(new long[] {bytesRead, totalBytes});
          }

          @Override
          public void fileStarted(Path file, long size) {
            started.add(file);
          }
        };
    new Importer()
        .run(
            Mapping.parse(RETAIL_YAML, "r.yaml"),
            List.of(a, b),
            new MemoryEventSink(),
            RejectSink.discard(),
            listener);
    long total = Files.size(a) + Files.size(b);
    assertThat(started).containsExactly(a, b);
    assertThat(calls).allSatisfy(c -> assertThat(c[1]).isEqualTo(total));
    assertThat(calls.get(calls.size() - 1)[0]).isEqualTo(total);
  }

  @Test
  void run_customersMapping_isRefusedByRun() {
    Mapping m =
        Mapping.parse(
            "source: c\nkind: customers\nidentifiers: [{type: email, column: e}]\n", "c.yaml");
    assertThatThrownBy(
            () ->
                new Importer()
                    .run(
                        m,
                        List.of(),
                        new MemoryEventSink(),
                        RejectSink.discard(),
                        ProgressListener.none()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("runCustomers");
  }

  @Test
  void run_withBlocklist_rejectsRowsIdentifiedOnlyByJunk() {
    String yaml =
        String.join(
            "\n",
            "source: shop",
            "csv: {delimiter: \",\", header: true}",
            "timestamp: {column: ts, format: iso, zone: UTC}",
            "identifiers:",
            "  - {type: email, column: email}",
            "  - {type: phone, column: phone}",
            "channel: web",
            "kind: signup",
            "");
    Path f =
        TestFiles.write(
            dir,
            "s.csv",
            "ts,email,phone\n"
                + "2024-01-01T00:00:00Z,test@test.com,\n"
                + "2024-01-01T00:00:00Z,TEST@test.com,+1 555 0100\n");
    MemoryEventSink sink = new MemoryEventSink();
    MemoryRejectSink rejects = new MemoryRejectSink();
    ImportResult r =
        new Importer()
            .withBlocklist(v -> v.equals("test@test.com"))
            .run(Mapping.parse(yaml, "s.yaml"), List.of(f), sink, rejects, ProgressListener.none());
    assertThat(r).isEqualTo(new ImportResult(2, 1, 1, 0));
    assertThat(rejects.rejections.get(0).rule()).contains("blocklist");
    assertThat(sink.list().get(0).identifiers()).extracting(i -> i.type()).containsExactly("phone");
  }

  @Test
  void run_resultsDoNotDependOnMappingThreads() {
    // Enough rows for several chunks per thread, with identical rows (numbered derived ids),
    // rejected rows and a malformed record spread through the file.
    StringBuilder csv = new StringBuilder(RETAIL_HEADER);
    for (int i = 0; i < 12_000; i++) {
      String customer = i % 97 == 0 ? "" : Integer.toString(10_000 + i % 500);
      String date = i % 1_001 == 0 ? "2010-13-01 08:26:00" : "2010-12-01 08:26:00";
      int invoice = 536_000 + i / 3; // rows of one invoice repeat exactly
      csv.append(invoice)
          .append(",71053,LANTERN,6,")
          .append(date)
          .append(",3.39,")
          .append(customer)
          .append(",United Kingdom\n");
      if (i == 7_777) {
        csv.append("536999,71053\n"); // too few fields
      }
    }
    Path file = TestFiles.write(dir, "many.csv", csv.toString());
    Mapping m = Mapping.parse(RETAIL_YAML, "retail.yaml");
    List<String> baseline = null;
    for (int threads : new int[] {0, 1, 3}) {
      List<String> seen = new ArrayList<>();
      MemoryRejectSink rejects = new MemoryRejectSink();
      ImportResult r =
          new Importer(1_000)
              .withMappingThreads(threads)
              .run(
                  m,
                  List.of(file),
                  batch -> {
                    batch.forEach(e -> seen.add(e.eventId() + " " + e.identifiers()));
                    return batch.size();
                  },
                  rejects,
                  ProgressListener.none());
      rejects.rejections.forEach(x -> seen.add(x.line() + " " + x.message()));
      seen.add(r.summaryLine());
      assertThat(r.read()).isEqualTo(r.accepted() + r.rejected());
      assertThat(seen.stream().filter(x -> x.startsWith("read=")).findFirst().orElseThrow())
          .isEqualTo(r.summaryLine());
      if (baseline == null) {
        baseline = seen;
        assertThat(r.rejected()).isGreaterThan(100);
        assertThat(seen.stream().distinct().count()).isEqualTo(seen.size());
      } else {
        assertThat(seen).as("%d mapping threads", threads).isEqualTo(baseline);
      }
    }
  }
}
