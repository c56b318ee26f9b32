package dev.rapport.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rapport.core.Channel;
import dev.rapport.core.EventIds;
import dev.rapport.core.Identifier;
import dev.rapport.core.Interaction;
import dev.rapport.core.Kind;
import dev.rapport.core.Outcome;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RowMapperTest {
  private static final Path RETAIL_FILE = Path.of("data", "OnlineRetail.csv");
  private static final List<String> RETAIL_HEADER =
      List.of(
          "InvoiceNo",
          "StockCode",
          "Description",
          "Quantity",
          "InvoiceDate",
          "UnitPrice",
          "CustomerID",
          "Country");
  private static final Mapping RETAIL =
      Mapping.parse(
          String.join(
              "\n",
              "source: online-retail",
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
              "  - {column: Country, max_length: 20}",
              "attributes: [Country, StockCode]",
              ""),
          "retail.yaml");

  private static Mapped<Interaction> retail(long line, String csvLine) {
    return RowMapper.of(RETAIL, RETAIL_FILE, RETAIL_HEADER)
        .map(new RawRow(line, csvLine.split(",", -1)));
  }

  private static Interaction accepted(Mapped<Interaction> m) {
    assertThat(m.rejection()).as("rejection").isNull();
    return m.value();
  }

  private static Rejection rejected(Mapped<Interaction> m) {
    assertThat(m.isAccepted()).as("accepted %s", m.value()).isFalse();
    return m.rejection();
  }

  @Test
  void map_retailPurchase_multipliesQuantityByPrice_andKeepsAttributes() {
    Interaction i =
        accepted(
            retail(
                2,
                "536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,2010-12-01 08:26:00,2.55,17850,United Kingdom"));

    assertThat(i.kind()).isEqualTo(Kind.PURCHASE);
    assertThat(i.channel()).isEqualTo(Channel.STORE);
    assertThat(i.value()).isEqualTo(6 * 2.55);
    assertThat(i.ts()).isEqualTo(Instant.parse("2010-12-01T08:26:00Z"));
    assertThat(i.identifiers()).containsExactly(Identifier.of("customer_id", "17850"));
    assertThat(i.attributes())
        .isEqualTo(Map.of("Country", "United Kingdom", "StockCode", "85123A"));
    assertThat(i.score()).isNaN();
    assertThat(i.outcome()).isNull();
    assertThat(i.holdout()).isNull();
  }

  @Test
  void map_cancelledInvoice_becomesReturnWithNegativeValue() {
    Interaction i =
        accepted(retail(3, "C536379,D,Discount,-1,2010-12-01 09:41:00,27.5,14527,United Kingdom"));
    assertThat(i.kind()).isEqualTo(Kind.RETURN);
    assertThat(i.value()).isEqualTo(-27.5);
  }

  @Test
  void map_cancelledInvoiceWithPositiveQuantity_isStillANegativeReturn() {
    Interaction i =
        accepted(retail(3, "C536380,D,Discount,2,2010-12-01 09:41:00,1.5,14527,France"));
    assertThat(i.kind()).isEqualTo(Kind.RETURN);
    assertThat(i.value()).isEqualTo(-3.0);
  }

  @Test
  void map_negativeQuantityWithoutPrefix_becomesReturn() {
    Interaction i = accepted(retail(4, "536381,22,Mug,-3,2010-12-01 09:41:00,2.0,14527,France"));
    assertThat(i.kind()).isEqualTo(Kind.RETURN);
    assertThat(i.value()).isEqualTo(-6.0);
  }

  @Test
  void map_badDate_rejectionNamesFileLineFieldValueAndRule() {
    Rejection r = rejected(retail(12, "536365,1,x,6,2010-13-01 08:26:00,2.55,17850,UK"));
    assertThat(r)
        .isEqualTo(
            new Rejection(
                "OnlineRetail.csv",
                12,
                "InvoiceDate",
                "2010-13-01 08:26:00",
                "timestamp format 'yyyy-MM-dd HH:mm:ss'"));
    assertThat(r.message())
        .isEqualTo(
            "OnlineRetail.csv line 12: field InvoiceDate value '2010-13-01 08:26:00' breaks rule"
                + " 'timestamp format 'yyyy-MM-dd HH:mm:ss''");
  }

  @Test
  void map_impossibleDayOfMonth_isRejectedNotMovedToMonthEnd() {
    Rejection r = rejected(retail(5, "536365,1,x,6,2011-02-30 08:26:00,2.55,17850,UK"));
    assertThat(r.field()).isEqualTo("InvoiceDate");
  }

  @Test
  void map_missingRequiredIdentifier_isRejected() {
    Rejection r = rejected(retail(12, "536365,1,x,6,2010-12-01 08:26:00,2.55,,UK"));
    assertThat(r.message())
        .isEqualTo(
            "OnlineRetail.csv line 12: field CustomerID value '' breaks rule 'required identifier customer_id'");
  }

  @Test
  void map_thousandsSeparator_isRejectedAsNotANumber() {
    Mapped<Interaction> m =
        RowMapper.of(RETAIL, RETAIL_FILE, RETAIL_HEADER)
            .map(
                new RawRow(
                    7,
                    new String[] {
                      "536365", "1", "x", "1,234.5", "2010-12-01 08:26:00", "2.55", "17850", "UK"
                    }));
    assertThat(rejected(m))
        .isEqualTo(new Rejection("OnlineRetail.csv", 7, "Quantity", "1,234.5", "number"));
  }

  @Test
  void map_ruleBroken_namesTheRule() {
    assertThat(rejected(retail(8, "536365,1,x,6,2010-12-01 08:26:00,-2.55,17850,UK")))
        .isEqualTo(new Rejection("OnlineRetail.csv", 8, "UnitPrice", "-2.55", "non_negative"));
    assertThat(
            rejected(
                    retail(
                        9, "536365,1,x,6,2010-12-01 08:26:00,2.55,17850,The United Kingdom of GB"))
                .rule())
        .isEqualTo("max_length 20");
  }

  @Test
  void map_wrongFieldCount_isRejectedWithBothCounts() {
    Rejection r = rejected(retail(30, "536365,1,x"));
    assertThat(r.message()).isEqualTo("OnlineRetail.csv line 30: row has 3 fields, header has 8");
  }

  @Test
  void map_invalidUtf8_isRejected() {
    Rejection r = rejected(retail(4, "536365,1,Caf\uFFFD,6,2010-12-01 08:26:00,2.55,17850,UK"));
    assertThat(r)
        .isEqualTo(
            new Rejection("OnlineRetail.csv", 4, "Description", "Caf\uFFFD", "invalid UTF-8"));
  }

  @Test
  void map_derivedEventId_isHashOfSourceAndAllRawFields() {
    String line = "536365,85123A,HOLDER,6,2010-12-01 08:26:00,2.55,17850,United Kingdom";
    Interaction a = accepted(retail(2, line));
    Interaction b = accepted(retail(99, line));
    assertThat(a.eventId())
        .isEqualTo(b.eventId())
        .isEqualTo(EventIds.derive("online-retail", line.split(",")));
  }

  private static final List<String> CANONICAL_HEADER =
      List.of(
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

  private static Mapped<Interaction> canonical(String csvLine) {
    return RowMapper.of(Mapping.canonical(), Path.of("events.csv"), CANONICAL_HEADER)
        .map(new RawRow(2, csvLine.split(",", -1)));
  }

  @Test
  void map_canonicalTouch_readsEveryField() {
    Interaction i =
        accepted(
            canonical(
                "e1,2024-03-01T10:15:30Z,,A@X.com,+33 6 12,,,email,touch,ignored,spring,b,true,0,0.02,,,,,"));
    assertThat(i.eventId()).isEqualTo("e1");
    assertThat(i.identifiers())
        .containsExactly(Identifier.of("email", "a@x.com"), Identifier.of("phone", "+33612"));
    assertThat(i.outcome()).isEqualTo(Outcome.UNENGAGED);
    assertThat(i.campaign()).isEqualTo("spring");
    assertThat(i.variant()).isEqualTo("b");
    assertThat(i.holdout()).isTrue();
    assertThat(i.cost()).isEqualTo(0.02);
    assertThat(i.attributes()).isEmpty();
  }

  @Test
  void map_canonicalTicket_keepsTicketAttributes_andScore() {
    Interaction i =
        accepted(
            canonical(
                "e2,2024-03-01T10:15:30+02:00,c9,,,,,support,ticket,,,,,,,4,slow reply,T-1,resolved,"));
    assertThat(i.ts()).isEqualTo(Instant.parse("2024-03-01T08:15:30Z"));
    assertThat(i.score()).isEqualTo(4.0);
    assertThat(i.text()).isEqualTo("slow reply");
    assertThat(i.attributes()).isEqualTo(Map.of("ticket_id", "T-1", "ticket_status", "resolved"));
  }

  @Test
  void map_canonicalWithoutAnyIdentifier_isRejected() {
    Rejection r = rejected(canonical("e3,2024-03-01T10:15:30Z,,,,,,web,response,,,,,,,,,,,"));
    assertThat(r.field()).isEqualTo("customer_id/email/phone/device_id/social_handle");
    assertThat(r.rule()).startsWith("at least one identifier");
  }

  @Test
  void map_unknownChannel_isRejectedListingTheChannels() {
    Rejection r = rejected(canonical("e4,2024-03-01T10:15:30Z,c1,,,,,fax,response,,,,,,,,,,,"));
    assertThat(r.field()).isEqualTo("channel");
    assertThat(r.value()).isEqualTo("fax");
    assertThat(r.rule()).startsWith("known channel (email, sms, push");
  }

  @Test
  void map_outcomeOnAPurchase_isRejected() {
    Rejection r =
        rejected(canonical("e5,2024-03-01T10:15:30Z,c1,,,,,web,purchase,engaged,,,,10,,,,,,"));
    assertThat(r)
        .isEqualTo(
            new Rejection(
                "events.csv",
                2,
                "outcome",
                "engaged",
                "outcome only on touches (kind is purchase)"));
  }

  private static final Mapping TWEETS =
      Mapping.parse(
          String.join(
              "\n",
              "source: tweets",
              "timestamp: {column: at, format: iso}",
              "identifiers:",
              "  - {type: social_handle, column: author}",
              "channel: {constant: social}",
              "kind: {column: kind}",
              "ticket_status: {column: inbound, values: {\"true\": opened, \"false\": replied}}",
              ""),
          "tweets.yaml");

  private static Mapped<Interaction> tweet(String csvLine) {
    return RowMapper.of(TWEETS, Path.of("tweets.csv"), List.of("at", "author", "kind", "inbound"))
        .map(new RawRow(2, csvLine.split(",", -1)));
  }

  @Test
  void map_ticketStatus_fromAColumnThroughValues_isTheTicketStatusAttribute() {
    Interaction opened = accepted(tweet("2024-03-01T10:00:00Z,ann,ticket,True"));
    assertThat(opened.attributes()).containsEntry("ticket_status", "opened");
    assertThat(dev.rapport.core.EventDetail.of(opened))
        .isEqualTo(dev.rapport.core.EventDetail.TICKET_OPENED);
    Interaction reply = accepted(tweet("2024-03-01T10:05:00Z,ann,ticket,False"));
    assertThat(dev.rapport.core.EventDetail.of(reply))
        .isEqualTo(dev.rapport.core.EventDetail.TICKET_REPLIED);
  }

  @Test
  void map_ticketStatus_onAnotherKindOrUnknown_isRejected() {
    Rejection onPurchase = rejected(tweet("2024-03-01T10:00:00Z,ann,purchase,True"));
    assertThat(onPurchase.field()).isEqualTo("inbound");
    assertThat(onPurchase.rule()).isEqualTo("ticket_status only on tickets (kind is purchase)");
    Rejection unknown = rejected(tweet("2024-03-01T10:00:00Z,ann,ticket,maybe"));
    assertThat(unknown.field()).isEqualTo("inbound");
    assertThat(unknown.rule()).startsWith("known ticket_status (opened, replied, resolved");
  }

  @Test
  void map_badHoldout_isRejected() {
    Rejection r =
        rejected(canonical("e6,2024-03-01T10:15:30Z,c1,,,,,email,touch,,c,,maybe,,,,,,,"));
    assertThat(r.field()).isEqualTo("holdout");
    assertThat(r.rule()).startsWith("boolean");
  }

  @Test
  void map_emptyEventId_isRejected() {
    Rejection r = rejected(canonical(",2024-03-01T10:15:30Z,c1,,,,,web,response,,,,,,,,,,,"));
    assertThat(r.rule()).isEqualTo("required event_id");
  }

  @Test
  void map_returnKindWithPositiveValue_isMadeNegative() {
    Interaction i =
        accepted(canonical("e7,2024-03-01T10:15:30Z,c1,,,,,store,return,,,,,12.5,,,,,,"));
    assertThat(i.value()).isEqualTo(-12.5);
  }

  @Test
  void map_channelValuesAndDefault_translateSourceNames() {
    Mapping m =
        Mapping.parse(
            "source: s\ntimestamp: {column: ts, format: epoch_millis}\n"
                + "identifiers: [{type: email, column: e}]\n"
                + "channel: {column: ch, values: {\"E-Mail\": email}, default: other}\n"
                + "kind: response\n",
            "s.yaml");
    RowMapper mapper = RowMapper.of(m, Path.of("s.csv"), List.of("ts", "e", "ch"));
    assertThat(mapper.map(new RawRow(2, new String[] {"0", "a@x", "e-mail"})).value().channel())
        .isEqualTo(Channel.EMAIL);
    assertThat(mapper.map(new RawRow(3, new String[] {"0", "a@x", "Pigeon"})).value().channel())
        .isEqualTo(Channel.OTHER);
    assertThat(mapper.map(new RawRow(4, new String[] {"0", "a@x", "SMS"})).value().channel())
        .isEqualTo(Channel.SMS);
  }

  @Test
  void of_headerMissingMappedColumn_namesFileColumnAndColumnsFound() {
    assertThatThrownBy(
            () ->
                RowMapper.of(
                    RETAIL,
                    RETAIL_FILE,
                    List.of(
                        "InvoiceNo",
                        "Quantity",
                        "InvoiceDate",
                        "UnitPrice",
                        "Country",
                        "StockCode")))
        .isInstanceOf(ImportException.class)
        .hasMessage(
            RETAIL_FILE
                + ": the header lacks a column the mapping retail.yaml names: 'CustomerID'"
                + " (identifiers[0].column, line 4); columns found: InvoiceNo, Quantity,"
                + " InvoiceDate, UnitPrice, Country, StockCode");
  }

  @Test
  void of_singleColumnHeaderHoldingSemicolons_suggestsTheDelimiter() {
    assertThatThrownBy(
            () -> RowMapper.of(RETAIL, RETAIL_FILE, List.of(String.join(";", RETAIL_HEADER))))
        .isInstanceOf(ImportException.class)
        .hasMessageStartingWith(
            RETAIL_FILE
                + ": header has 1 column 'InvoiceNo;StockCode;Description;Quantity;InvoiceDate;"
                + "UnitPrice;CustomerID;Country' — is the delimiter ';'?");
  }

  @Test
  void of_customersMapping_isRefused() {
    Mapping m =
        Mapping.parse(
            "source: c\nkind: customers\nidentifiers: [{type: email, column: e}]\n", "c.yaml");
    assertThatThrownBy(() -> RowMapper.of(m, Path.of("c.csv"), List.of("e")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
