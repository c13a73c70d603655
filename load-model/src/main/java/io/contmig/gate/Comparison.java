package io.contmig.gate;

/** The comparison operator of a gate. */
public enum Comparison {
    LT("<"), LE("<="), GT(">"), GE(">="), EQ("=="), NE("!=");

    private final String symbol;

    Comparison(String symbol) {
        this.symbol = symbol;
    }

    /** The operator as written, e.g. {@code <=}. */
    public String symbol() {
        return symbol;
    }

    /** Whether {@code left <op> right} holds. */
    public boolean test(double left, double right) {
        switch (this) {
            case LT: return left < right;
            case LE: return left <= right;
            case GT: return left > right;
            case GE: return left >= right;
            case EQ: return left == right;
            case NE: return left != right;
            default: throw new AssertionError(this);
        }
    }
}
