package dev.rapport.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RejectTallyTest {
  @Test
  void lines_countReasonsMostFrequentFirst_andPassRowsOn() {
    List<String> passed = new ArrayList<>();
    RejectTally tally = new RejectTally((r, raw) -> passed.add(raw));
    tally.reject(
        new Rejection("a.csv", 2, "CustomerID", "", "required identifier customer_id"), "x");
    tally.reject(
        new Rejection("a.csv", 3, "CustomerID", "", "required identifier customer_id"), "y");
    tally.reject(new Rejection("a.csv", 4, "", "", "row has 3 fields, header has 8"), "z");
    assertThat(passed).containsExactly("x", "y", "z");
    assertThat(tally.lines(5))
        .containsExactly(
            "           2  CustomerID: required identifier customer_id",
            "           1  row has 3 fields, header has 8");
    assertThat(tally.lines(1)).hasSize(2).last().asString().contains("1 more reasons");
  }
}
