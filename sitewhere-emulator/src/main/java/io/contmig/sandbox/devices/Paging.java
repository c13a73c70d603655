package io.contmig.sandbox.devices;

import java.util.Locale;

/**
 * SiteWhere's 1-based paging: {@code page} 1 is the first, {@code pageSize} matches per page.
 *
 * @param page     the page number, from 1
 * @param pageSize matches per page, from 1
 */
public record Paging(int page, int pageSize) {

    /** The largest page the REST API serves: a listing's work and answer stay bounded. */
    public static final int MAX_PAGE_SIZE = 1000;

    /** SiteWhere's defaults: page 1 of 100. */
    public static final Paging DEFAULT = new Paging(1, 100);

    public Paging {
        if (page < 1) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "page (%d) must be >= 1", page));
        }
        if (pageSize < 1) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "pageSize (%d) must be >= 1", pageSize));
        }
    }

    /** How many matches come before this page. */
    public long offset() {
        return (long) (page - 1) * pageSize;
    }
}
