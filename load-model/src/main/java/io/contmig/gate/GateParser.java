package io.contmig.gate;

import java.util.Optional;

/** Recursive-descent parser for {@link Gate}'s grammar. Single use, not thread-safe. */
final class GateParser {

    private static final String WINDOW_EXPECTED = "a window (before, during, after or a phase name)";
    private static final String FACTOR_EXPECTED = "a number, a duration, '(', a function (p50, p90, p99, p999, max, "
            + "throughput, errors, count, downtime) or a verification count (lost, duplicated, checked, mismatches)";
    private static final String BASELINE_QUANTITY = "a function (p50, p90, p99, p999, max, throughput, errors, count, "
            + "downtime) or a verification count (lost, duplicated, checked, mismatches)";
    private static final String BASELINE_EXPECTED = BASELINE_QUANTITY + " after 'baseline.', e.g. "
            + "baseline.p99(mqtt.e2e, during)";

    private final String text;
    private int pos;

    GateParser(String text) {
        this.text = text;
    }

    Gate parseGate() {
        skipSpaces();
        if (atEnd()) {
            throw error("a gate expression such as 'p99(mqtt.e2e, during) <= 3 * p99(mqtt.e2e, before)'");
        }
        Expr left = parseExpr();
        skipSpaces();
        Comparison cmp = parseComparison();
        Expr right = parseExpr();
        skipSpaces();
        if (!atEnd()) {
            throw error(right instanceof Expr.Constant ? "'*', '/' or the end of the expression (a duration unit is one of ms, s, m, h)"
                    : "'*', '/' or the end of the expression");
        }
        return new Gate(text.trim(), left, cmp, right);
    }

    private Comparison parseComparison() {
        char c = peek();
        char d = pos + 1 < text.length() ? text.charAt(pos + 1) : '\0';
        Comparison cmp;
        if (c == '<') {
            cmp = d == '=' ? Comparison.LE : Comparison.LT;
        } else if (c == '>') {
            cmp = d == '=' ? Comparison.GE : Comparison.GT;
        } else if (c == '=' && d == '=') {
            cmp = Comparison.EQ;
        } else if (c == '!' && d == '=') {
            cmp = Comparison.NE;
        } else {
            throw error("a comparison (<, <=, >, >=, ==, !=) or '*', '/'");
        }
        pos += cmp.symbol().length();
        return cmp;
    }

    private Expr parseExpr() {
        Expr left = parseFactor();
        while (true) {
            skipSpaces();
            char c = peek();
            if (c != '*' && c != '/') {
                return left;
            }
            pos++;
            left = new Expr.Arithmetic(left, c, parseFactor());
        }
    }

    private Expr parseFactor() {
        skipSpaces();
        char c = peek();
        if (c == '(') {
            pos++;
            Expr inner = parseExpr();
            skipSpaces();
            expect(')', "')'");
            return inner;
        }
        if (isDigit(c) || c == '.') {
            return parseNumber();
        }
        if (!isNameStart(c)) {
            throw error(FACTOR_EXPECTED);
        }
        int nameStart = pos;
        String name = readName();
        if (name.equals("baseline")) {
            throw error("'.' and " + BASELINE_QUANTITY + " after 'baseline'");
        }
        if (!name.startsWith(Expr.BaselineRef.PREFIX)) {
            return new Expr.Ref(parseQuantity(name, nameStart, FACTOR_EXPECTED));
        }
        int quantityStart = nameStart + Expr.BaselineRef.PREFIX.length();
        return new Expr.BaselineRef(parseQuantity(name.substring(Expr.BaselineRef.PREFIX.length()), quantityStart,
                BASELINE_EXPECTED));
    }

    /** The quantity named {@code name} (read from {@code nameStart}) and its arguments; {@code expected} if none. */
    private Quantity parseQuantity(String name, int nameStart, String expected) {
        if (Quantity.Verification.FIELDS.contains(name)) {
            return new Quantity.Verification(name);
        }
        Optional<Statistic> stat = Statistic.byFunction(name);
        if (stat.isEmpty() && !name.equals("downtime")) {
            pos = nameStart;
            throw error(expected);
        }
        skipSpaces();
        expect('(', "'(' after " + name);
        skipSpaces();
        if (!isNameStart(peek())) {
            throw error("an operation name such as mqtt.e2e");
        }
        String op = readName();
        Scope scope = Scope.ALL;
        if (peek() == '@') {
            pos++;
            if (!isNameStart(peek())) {
                throw error("a tenant name, 'migrated' or 'colocated' after '@'");
            }
            String tenant = readName();
            scope = tenant.equals("migrated") ? Scope.MIGRATED
                    : tenant.equals("colocated") ? Scope.COLOCATED : Scope.tenant(tenant);
        }
        skipSpaces();
        if (stat.isEmpty()) {
            expect(')', "')' (downtime takes no window)");
            return new Quantity.Downtime(op, scope);
        }
        expect(',', "',' and a window after the operation");
        skipSpaces();
        if (!isNameStart(peek())) {
            throw error(WINDOW_EXPECTED);
        }
        String window = readName();
        skipSpaces();
        expect(')', "')'");
        return new Quantity.Windowed(stat.get(), op, scope, window);
    }

    private Expr parseNumber() {
        int start = pos;
        while (isDigit(peek())) {
            pos++;
        }
        if (peek() == '.') {
            pos++;
            int fraction = pos;
            while (isDigit(peek())) {
                pos++;
            }
            if (pos == fraction) {
                throw error("a digit after '.'");
            }
        }
        if (pos == start) {
            throw error("a number");
        }
        double value = Double.parseDouble(text.substring(start, pos));
        if (Character.isLetter(peek())) {
            int unitStart = pos;
            while (Character.isLetter(peek())) {
                pos++;
            }
            String unit = text.substring(unitStart, pos);
            switch (unit) {
                case "ms": break;
                case "s": value *= 1_000; break;
                case "m": value *= 60_000; break;
                case "h": value *= 3_600_000; break;
                default:
                    pos = unitStart;
                    throw error("a duration unit (ms, s, m, h)");
            }
        }
        return new Expr.Constant(value);
    }

    private String readName() {
        int start = pos;
        while (isNamePart(peek())) {
            pos++;
        }
        return text.substring(start, pos);
    }

    private void expect(char c, String what) {
        if (peek() != c) {
            throw error(what);
        }
        pos++;
    }

    private GateSyntaxException error(String expected) {
        String found = atEnd() ? "the end of the expression" : "'" + text.charAt(pos) + "'";
        return new GateSyntaxException(text, pos, expected, found);
    }

    private void skipSpaces() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private boolean atEnd() {
        return pos >= text.length();
    }

    private char peek() {
        return atEnd() ? '\0' : text.charAt(pos);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isNameStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private static boolean isNamePart(char c) {
        return isNameStart(c) || isDigit(c) || c == '.' || c == '-';
    }
}
