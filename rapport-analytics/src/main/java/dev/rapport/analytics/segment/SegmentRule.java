package dev.rapport.analytics.segment;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A segment rule: a condition over a customer's fields, parsed by Rapport into a small tree that is
 * evaluated directly — never compiled, executed as code or pasted into SQL.
 *
 * <pre>
 * rule       := or
 * or         := and ("or" and)*
 * and        := unary ("and" unary)*
 * unary      := "not" unary | "(" or ")" | comparison
 * comparison := field op value | field op field | field ["not"] "in" "(" value ("," value)* ")"
 * op         := "=" | "==" | "!=" | "&lt;&gt;" | "&lt;" | "&lt;=" | "&gt;" | "&gt;="
 * value      := number | "text" | 'text'
 * </pre>
 *
 * <p>Fields come from a {@link Schema}; a name outside it, a text compared with a number, or a
 * number ordered against a text is an error at parse time, with line, column and what was expected.
 * Keywords are case-insensitive. A comparison with an unknown value (a NaN number, a missing text)
 * is false. Limits keep a hostile rule from exhausting memory or the stack: {@value #MAX_LENGTH}
 * characters, {@value #MAX_DEPTH} levels of nesting, {@value #MAX_TERMS} comparisons and {@value
 * #MAX_LIST} values in a list.
 */
public final class SegmentRule {
  public static final int MAX_LENGTH = 10_000;
  public static final int MAX_DEPTH = 32;
  public static final int MAX_TERMS = 500;
  public static final int MAX_LIST = 1_000;

  private final String text;
  private final Node root;

  private SegmentRule(String text, Node root) {
    this.text = text;
    this.root = root;
  }

  /**
   * Parses a rule against a schema.
   *
   * @throws RuleException naming the line, column and what was expected
   */
  public static SegmentRule parse(String text, Schema schema) {
    if (text == null || text.isBlank()) {
      throw new RuleException(
          1, 1, "the rule is empty; expected a condition such as revenue > 100");
    }
    if (text.length() > MAX_LENGTH) {
      throw new RuleException(
          1, 1, "the rule is " + text.length() + " characters long; at most " + MAX_LENGTH);
    }
    Parser p = new Parser(new Lexer(text).tokens(), schema);
    Node root = p.or(0);
    p.expectEnd();
    return new SegmentRule(text, root);
  }

  /** True when the customer belongs to the segment. */
  public boolean test(Row row) {
    return root.test(row);
  }

  /** The rule as written. */
  public String text() {
    return text;
  }

  @Override
  public String toString() {
    return text;
  }

  // ---- tokens ------------------------------------------------------------------------------

  private enum T {
    IDENT,
    NUMBER,
    STRING,
    LPAREN,
    RPAREN,
    COMMA,
    OP,
    END
  }

  private record Token(T type, String text, int line, int column) {
    String shown() {
      switch (type) {
        case END:
          return "the end of the rule";
        case STRING:
          return "\"" + text + "\"";
        default:
          return "'" + text + "'";
      }
    }
  }

  private static final class Lexer {
    private final String s;
    private int i;
    private int line = 1;
    private int lineStart;

    Lexer(String s) {
      this.s = s;
    }

    List<Token> tokens() {
      List<Token> out = new ArrayList<>();
      while (true) {
        skipBlanks();
        int col = i - lineStart + 1;
        if (i >= s.length()) {
          out.add(new Token(T.END, "", line, col));
          return out;
        }
        char c = s.charAt(i);
        if (c == '(' || c == ')' || c == ',') {
          i++;
          out.add(
              new Token(c == '(' ? T.LPAREN : c == ')' ? T.RPAREN : T.COMMA, "" + c, line, col));
        } else if (c == '"' || c == '\'') {
          out.add(new Token(T.STRING, string(c, col), line, col));
        } else if (Character.isDigit(c)
            || ((c == '-' || c == '.') && i + 1 < s.length() && isNumberStart(s.charAt(i + 1)))) {
          out.add(new Token(T.NUMBER, number(col), line, col));
        } else if (isIdentStart(c)) {
          int start = i;
          while (i < s.length() && isIdentPart(s.charAt(i))) {
            i++;
          }
          out.add(new Token(T.IDENT, s.substring(start, i), line, col));
        } else if ("=!<>".indexOf(c) >= 0) {
          int start = i++;
          if (i < s.length() && (s.charAt(i) == '=' || (c == '<' && s.charAt(i) == '>'))) {
            i++;
          }
          String op = s.substring(start, i);
          if (op.equals("!")) {
            throw new RuleException(line, col, "expected '!=' but found '!'");
          }
          out.add(new Token(T.OP, op, line, col));
        } else {
          throw new RuleException(
              line,
              col,
              "unexpected character '"
                  + printable(c)
                  + "'; expected a field, a value, a comparison, 'and', 'or', 'not' or parentheses");
        }
      }
    }

    private void skipBlanks() {
      while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
        if (s.charAt(i) == '\n') {
          line++;
          lineStart = i + 1;
        }
        i++;
      }
    }

    private String string(char quote, int col) {
      StringBuilder b = new StringBuilder();
      i++;
      while (i < s.length()) {
        char c = s.charAt(i++);
        if (c == quote) {
          return b.toString();
        }
        if (c == '\\' && i < s.length()) {
          b.append(s.charAt(i++));
        } else if (c == '\n') {
          break;
        } else {
          b.append(c);
        }
      }
      throw new RuleException(line, col, "text starting here is not closed; expected " + quote);
    }

    private String number(int col) {
      int start = i;
      if (s.charAt(i) == '-') {
        i++;
      }
      while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
        i++;
      }
      String n = s.substring(start, i);
      if (i < s.length() && isIdentPart(s.charAt(i))) {
        throw new RuleException(
            line, col, "'" + n + s.charAt(i) + "...' is not a number; expected digits");
      }
      try {
        Double.parseDouble(n);
      } catch (NumberFormatException e) {
        throw new RuleException(line, col, "'" + n + "' is not a number");
      }
      return n;
    }

    private static boolean isNumberStart(char c) {
      return Character.isDigit(c) || c == '.';
    }

    private static boolean isIdentStart(char c) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private static boolean isIdentPart(char c) {
      return isIdentStart(c) || (c >= '0' && c <= '9');
    }

    private static String printable(char c) {
      return c < 0x20 || c == 0x7f ? String.format(Locale.ROOT, "\\u%04x", (int) c) : "" + c;
    }
  }

  // ---- parser ------------------------------------------------------------------------------

  private static final class Parser {
    private final List<Token> tokens;
    private final Schema schema;
    private int at;
    private int terms;

    Parser(List<Token> tokens, Schema schema) {
      this.tokens = tokens;
      this.schema = schema;
    }

    Node or(int depth) {
      List<Node> parts = new ArrayList<>();
      parts.add(and(depth));
      while (keyword("or")) {
        at++;
        parts.add(and(depth));
      }
      return parts.size() == 1 ? parts.get(0) : new Or(parts.toArray(Node[]::new));
    }

    Node and(int depth) {
      List<Node> parts = new ArrayList<>();
      parts.add(unary(depth));
      while (keyword("and")) {
        at++;
        parts.add(unary(depth));
      }
      return parts.size() == 1 ? parts.get(0) : new And(parts.toArray(Node[]::new));
    }

    Node unary(int depth) {
      Token t = peek();
      if (depth >= MAX_DEPTH) {
        throw new RuleException(
            t.line(), t.column(), "the rule nests deeper than " + MAX_DEPTH + " levels");
      }
      if (keyword("not")) {
        at++;
        return new Not(unary(depth + 1));
      }
      if (t.type() == T.LPAREN) {
        at++;
        Node inner = or(depth + 1);
        Token close = peek();
        if (close.type() != T.RPAREN) {
          throw expected(close, "')' to close the '(' at column " + t.column());
        }
        at++;
        return inner;
      }
      return comparison();
    }

    Node comparison() {
      Token f = peek();
      if (f.type() != T.IDENT || isKeyword(f)) {
        throw expected(f, "a field name (one of " + String.join(", ", schema.names()) + ")");
      }
      int field = schema.indexOf(f.text().toLowerCase(Locale.ROOT));
      if (field < 0) {
        throw new RuleException(
            f.line(),
            f.column(),
            "unknown field '"
                + f.text()
                + "'; expected one of "
                + String.join(", ", schema.names()));
      }
      at++;
      if (++terms > MAX_TERMS) {
        throw new RuleException(f.line(), f.column(), "more than " + MAX_TERMS + " comparisons");
      }
      Token next = peek();
      boolean negated = false;
      if (keyword("not")) {
        negated = true;
        at++;
        next = peek();
        if (!keyword("in")) {
          throw expected(next, "'in' after 'not'");
        }
      }
      if (keyword("in")) {
        at++;
        return in(field, f, negated);
      }
      if (next.type() != T.OP) {
        throw expected(next, "a comparison (=, !=, <, <=, >, >=) or 'in' after " + f.text());
      }
      at++;
      String op = next.text().equals("==") ? "=" : next.text().equals("<>") ? "!=" : next.text();
      Token v = peek();
      Schema.Type type = schema.type(field);
      if (v.type() == T.IDENT && !isKeyword(v)) {
        int other = schema.indexOf(v.text().toLowerCase(Locale.ROOT));
        if (other < 0) {
          throw new RuleException(
              v.line(), v.column(), "unknown field '" + v.text() + "'; text values need quotes");
        }
        if (schema.type(other) != type) {
          throw new RuleException(
              v.line(),
              v.column(),
              "cannot compare "
                  + f.text()
                  + " with "
                  + v.text()
                  + ": "
                  + type.name().toLowerCase(Locale.ROOT)
                  + " and "
                  + schema.type(other).name().toLowerCase(Locale.ROOT));
        }
        at++;
        return type == Schema.Type.NUMBER
            ? new NumberFields(field, op, other)
            : textFields(field, op, other, next);
      }
      at++;
      if (type == Schema.Type.NUMBER) {
        if (v.type() != T.NUMBER) {
          at--;
          throw expected(v, "a number after " + f.text() + " " + next.text());
        }
        return new NumberCompare(field, op, Double.parseDouble(v.text()));
      }
      if (v.type() != T.STRING) {
        at--;
        throw expected(v, "a quoted text after " + f.text() + " " + next.text());
      }
      if (!op.equals("=") && !op.equals("!=")) {
        throw new RuleException(
            next.line(), next.column(), "text field " + f.text() + " takes = or !=, not " + op);
      }
      return new TextEquals(field, v.text(), op.equals("!="));
    }

    private Node textFields(int field, String op, int other, Token opToken) {
      if (!op.equals("=") && !op.equals("!=")) {
        throw new RuleException(
            opToken.line(), opToken.column(), "text fields take = or !=, not " + op);
      }
      boolean negate = op.equals("!=");
      return row -> {
        String a = row.text(field);
        String b = row.text(other);
        return a != null && b != null && a.equals(b) != negate;
      };
    }

    private Node in(int field, Token f, boolean negated) {
      Token open = peek();
      if (open.type() != T.LPAREN) {
        throw expected(open, "'(' to start the list after 'in'");
      }
      at++;
      Schema.Type type = schema.type(field);
      Set<String> texts = new HashSet<>();
      List<Double> numbers = new ArrayList<>();
      while (true) {
        Token v = peek();
        if (type == Schema.Type.NUMBER ? v.type() != T.NUMBER : v.type() != T.STRING) {
          throw expected(
              v, (type == Schema.Type.NUMBER ? "a number" : "a quoted text") + " in the list");
        }
        at++;
        if (type == Schema.Type.NUMBER) {
          numbers.add(Double.parseDouble(v.text()));
        } else {
          texts.add(v.text());
        }
        if (texts.size() + numbers.size() > MAX_LIST) {
          throw new RuleException(
              v.line(), v.column(), "more than " + MAX_LIST + " values in a list");
        }
        Token sep = peek();
        if (sep.type() == T.RPAREN) {
          at++;
          break;
        }
        if (sep.type() != T.COMMA) {
          throw expected(sep, "',' or ')' in the list");
        }
        at++;
      }
      if (type == Schema.Type.NUMBER) {
        double[] values = numbers.stream().mapToDouble(Double::doubleValue).toArray();
        return row -> {
          double x = row.number(field);
          if (Double.isNaN(x)) {
            return false;
          }
          for (double v : values) {
            if (x == v) {
              return !negated;
            }
          }
          return negated;
        };
      }
      Set<String> set = Set.copyOf(texts);
      return row -> {
        String x = row.text(field);
        return x != null && set.contains(x) != negated;
      };
    }

    void expectEnd() {
      Token t = peek();
      if (t.type() != T.END) {
        throw expected(t, "'and', 'or' or the end of the rule");
      }
    }

    private boolean keyword(String k) {
      Token t = peek();
      return t.type() == T.IDENT && t.text().equalsIgnoreCase(k);
    }

    private static boolean isKeyword(Token t) {
      String k = t.text().toLowerCase(Locale.ROOT);
      return k.equals("and") || k.equals("or") || k.equals("not") || k.equals("in");
    }

    private Token peek() {
      return tokens.get(Math.min(at, tokens.size() - 1));
    }

    private static RuleException expected(Token found, String what) {
      return new RuleException(
          found.line(), found.column(), "expected " + what + ", found " + found.shown());
    }
  }

  // ---- the tree ----------------------------------------------------------------------------

  private interface Node {
    boolean test(Row row);
  }

  private record And(Node[] parts) implements Node {
    @Override
    public boolean test(Row row) {
      for (Node n : parts) {
        if (!n.test(row)) {
          return false;
        }
      }
      return true;
    }
  }

  private record Or(Node[] parts) implements Node {
    @Override
    public boolean test(Row row) {
      for (Node n : parts) {
        if (n.test(row)) {
          return true;
        }
      }
      return false;
    }
  }

  private record Not(Node inner) implements Node {
    @Override
    public boolean test(Row row) {
      return !inner.test(row);
    }
  }

  private record NumberCompare(int field, String op, double value) implements Node {
    @Override
    public boolean test(Row row) {
      return compare(row.number(field), op, value);
    }
  }

  private record NumberFields(int field, String op, int other) implements Node {
    @Override
    public boolean test(Row row) {
      return compare(row.number(field), op, row.number(other));
    }
  }

  private record TextEquals(int field, String value, boolean negate) implements Node {
    @Override
    public boolean test(Row row) {
      String x = row.text(field);
      return x != null && x.equals(value) != negate;
    }
  }

  /** False whenever either side is unknown (NaN), whatever the operator. */
  private static boolean compare(double a, String op, double b) {
    if (Double.isNaN(a) || Double.isNaN(b)) {
      return false;
    }
    switch (op) {
      case "=":
        return a == b;
      case "!=":
        return a != b;
      case "<":
        return a < b;
      case "<=":
        return a <= b;
      case ">":
        return a > b;
      default:
        return a >= b;
    }
  }
}
