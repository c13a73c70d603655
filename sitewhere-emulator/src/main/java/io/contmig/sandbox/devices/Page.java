package io.contmig.sandbox.devices;

import java.util.List;
import java.util.Locale;

/**
 * One page of a listing and the number of all matches, as SiteWhere's {@code SearchResults}.
 *
 * @param numResults the number of matches over all pages
 * @param results    this page's matches
 */
public record Page<T>(long numResults, List<T> results) {

    public Page {
        if (numResults < 0) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "numResults (%d) must be >= 0", numResults));
        }
        results = List.copyOf(results);
    }
}
