package dev.rapport.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MappingTest {
  private static final String RETAIL =
      String.join(
          "\n",
          "source: online-retail",
          "format: csv",
          "csv: {delimiter: \",\", quote: '\"', header: true}",
          "timestamp: {column: InvoiceDate, format: \"yyyy-MM-dd HH:mm:ss\", zone: UTC}",
          "identifiers:",
          "  - {type: customer_id, column: CustomerID, required: true}",
          "channel: {constant: store}",
          "kind: {constant: purchase}",
          "value: {multiply: [Quantity, UnitPrice]}",
          "returns:",
          "  negative_value: true",
          "  prefix: {column: InvoiceNo, value: \"C\"}",
          "rules:",
          "  - {column: UnitPrice, check: non_negative}",
          "attributes: [Country, StockCode]",
          "");

  private static MappingException error(String yaml) {
    try {
      Mapping.parse(yaml, "examples/x.yaml");
    } catch (MappingException e) {
      return e;
    }
    throw new AssertionError("expected a MappingException for:\n" + yaml);
  }

  @Test
  void parse_onlineRetailMapping_namesEveryColumnItUses() {
    Mapping m = Mapping.parse(RETAIL, "retail.yaml");

    assertThat(m.source()).isEqualTo("online-retail");
    assertThat(m.format()).contains(Format.CSV);
    assertThat(m.isCustomers()).isFalse();
    assertThat(m.columns())
        .containsExactly(
            "InvoiceDate",
            "CustomerID",
            "Quantity",
            "UnitPrice",
            "InvoiceNo",
            "Country",
            "StockCode");
  }

  @Test
  void load_misspeltIdentifierType_namesFileLineKeyAndSuggestion(@TempDir Path dir) {
    Path file =
        TestFiles.write(
            dir,
            "x.yaml",
            String.join(
                "\n",
                "source: shop",
                "timestamp: {column: ts}",
                "channel: email",
                "kind: purchase",
                "identifiers:",
                "  - {type: customer_id, column: id}",
                "  - {type: emial, column: Email}",
                ""));

    assertThatThrownBy(() -> Mapping.load(file))
        .isInstanceOf(MappingException.class)
        .hasMessage(
            "mapping "
                + file
                + " line 7: identifiers[1].type 'emial' is not a known identifier type (did you"
                + " mean 'email'?); known types: customer_id, email, phone, device_id,"
                + " social_handle");
  }

  @Test
  void parse_customIdentifierType_isAllowed() {
    Mapping m =
        Mapping.parse(
            "source: s\ntimestamp: {column: ts}\nchannel: web\nkind: response\n"
                + "identifiers: [{type: loyalty_card, column: card}, {type: email_work, column: w}]\n",
            "m.yaml");
    assertThat(m.columns()).contains("card", "w");
  }

  @Test
  void parse_unknownKey_suggestsTheKnownOne() {
    MappingException e =
        error(RETAIL.replace("attributes: [Country, StockCode]", "atributes: [Country]"));
    assertThat(e.line()).isEqualTo(15);
    assertThat(e.key()).isEqualTo("atributes");
    assertThat(e.getMessage())
        .startsWith(
            "mapping examples/x.yaml line 15: atributes is not a known key (did you mean"
                + " 'attributes'?)");
  }

  @Test
  void parse_missingTimestamp_saysItIsRequired() {
    MappingException e =
        error("source: s\nidentifiers: [{type: email, column: e}]\nchannel: web\nkind: signup\n");
    assertThat(e.getMessage()).isEqualTo("mapping examples/x.yaml line 1: timestamp is required");
  }

  @Test
  void parse_unknownChannelConstant_listsTheChannels() {
    MappingException e = error(RETAIL.replace("{constant: store}", "{constant: stor}"));
    assertThat(e.line()).isEqualTo(7);
    assertThat(e.getMessage())
        .contains("channel.constant 'stor' is not a known channel (did you mean 'store'?)")
        .contains("expected one of email, sms, push");
  }

  @Test
  void parse_channelValuesToUnknownChannel_namesTheValueKey() {
    MappingException e =
        error(
            RETAIL.replace(
                "channel: {constant: store}",
                "channel: {column: ch, values: {\"e-mail\": emial}, default: other}"));
    assertThat(e.getMessage())
        .contains("line 7: channel.values.e-mail 'emial' is not a known channel");
  }

  @Test
  void parse_badTimestampPattern_isRejectedOnLoad() {
    MappingException e = error(RETAIL.replace("yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss bbb"));
    assertThat(e.line()).isEqualTo(4);
    assertThat(e.key()).isEqualTo("timestamp.format");
    assertThat(e.getMessage()).contains("'yyyy-MM-dd HH:mm:ss bbb' is not a java.time pattern");
  }

  @Test
  void parse_patternWithoutYear_isRejectedOnLoad() {
    MappingException e = error(RETAIL.replace("yyyy-MM-dd HH:mm:ss", "MM-dd"));
    assertThat(e.getMessage()).contains("does not give a full date");
  }

  @Test
  void parse_unknownZone_isRejected() {
    MappingException e = error(RETAIL.replace("zone: UTC", "zone: Mars/Olympus"));
    assertThat(e.getMessage()).contains("timestamp.zone 'Mars/Olympus' is not a time zone");
  }

  @Test
  void parse_multiCharacterDelimiter_isRejected() {
    MappingException e = error(RETAIL.replace("delimiter: \",\"", "delimiter: \";;\""));
    assertThat(e.line()).isEqualTo(3);
    assertThat(e.getMessage()).contains("csv.delimiter ';;' is not a single character");
  }

  @Test
  void parse_delimiterSpellings_areUnderstood() {
    assertThat(Mapping.parse(RETAIL.replace("\",\"", "tab"), "m").csv.delimiter()).isEqualTo('\t');
    assertThat(Mapping.parse(RETAIL.replace("\",\"", "\"\\t\""), "m").csv.delimiter())
        .isEqualTo('\t');
    assertThat(Mapping.parse(RETAIL.replace("\",\"", "';'"), "m").csv.delimiter()).isEqualTo(';');
    assertThat(Mapping.parse(RETAIL.replace("\",\"", "whitespace"), "m").csv.whitespace()).isTrue();
  }

  @Test
  void parse_headerFalseWithoutColumns_isRejected() {
    MappingException e = error(RETAIL.replace("header: true", "header: false"));
    assertThat(e.getMessage())
        .contains("csv.header is false, so csv.columns: [..] must give the column names");
  }

  @Test
  void parse_unknownRuleCheck_listsTheChecks() {
    MappingException e = error(RETAIL.replace("check: non_negative", "check: postive"));
    assertThat(e.line()).isEqualTo(14);
    assertThat(e.getMessage())
        .contains("rules[0].check 'postive' is not a known check (did you mean 'positive'?)");
  }

  @Test
  void parse_outcomeConstantOnPurchases_isRejected() {
    MappingException e = error(RETAIL + "outcome: {constant: engaged}\n");
    assertThat(e.getMessage())
        .contains("outcome is only allowed on touches, but kind is always purchase");
  }

  @Test
  void parse_invalidYaml_namesTheLine() {
    MappingException e = error("source: s\nidentifiers: [\n  {type: email\n");
    assertThat(e.getMessage())
        .startsWith("mapping examples/x.yaml line")
        .contains("is not valid YAML");
  }

  @Test
  void parse_duplicateKey_isRejected() {
    MappingException e = error("source: a\nsource: b\n");
    assertThat(e.getMessage())
        .isEqualTo("mapping examples/x.yaml line 2: source is given twice (first on line 1)");
  }

  @Test
  void parse_emptyFile_isRejected() {
    assertThat(error("").getMessage()).contains("is empty");
  }

  @Test
  void load_missingFile_namesIt(@TempDir Path dir) {
    Path missing = dir.resolve("nope.yaml");
    assertThatThrownBy(() -> Mapping.load(missing))
        .isInstanceOf(MappingException.class)
        .hasMessageContaining("mapping " + missing + ": cannot be read");
  }

  @Test
  void parse_customersMapping_acceptsStarAttributes() {
    Mapping m =
        Mapping.parse(
            "source: crm\nkind: customers\nidentifiers: [{type: customer_id, column: id, required: true}]\n"
                + "attributes: \"*\"\n",
            "crm.yaml");
    assertThat(m.isCustomers()).isTrue();
    assertThat(m.columns()).containsExactly("id");
  }

  @Test
  void parse_customersMappingWithTimestamp_saysTheKeyIsNotUsed() {
    MappingException e =
        error(
            "source: crm\nkind: customers\nidentifiers: [{type: customer_id, column: id}]\n"
                + "timestamp: {column: ts}\n");
    assertThat(e.getMessage())
        .contains("line 4: timestamp is not used in a kind: customers mapping");
  }

  @Test
  void canonical_loadsFromClasspath_withTheCanonicalColumns() {
    Mapping m = Mapping.canonical();
    assertThat(m.source()).isEqualTo("canonical");
    assertThat(m.columns())
        .containsExactlyInAnyOrder(
            "event_id",
            "ts",
            "customer_id",
            "email",
            "phone",
            "device_id",
            "social_handle",
            "channel",
            "kind",
            "outcome",
            "campaign",
            "variant",
            "holdout",
            "value",
            "cost",
            "score",
            "text",
            "ticket_id",
            "ticket_status",
            "referred");
  }
}
