package io.contmig.sandbox.pipeline;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AssignmentCacheTest {

    @Test
    void aFloodOfUnknownTokensCannotGrowItPastItsBound() {
        AssignmentCache cache = new AssignmentCache();
        AssignmentCache.Lookup unknown = new AssignmentCache.Lookup(false, List.of());
        for (int i = 0; i < AssignmentCache.MAX_ENTRIES * 3; i++) {
            cache.put("token-" + i, unknown);
        }
        assertThat(cache.size()).isLessThanOrEqualTo(AssignmentCache.MAX_ENTRIES);
        assertThat(cache.get("token-" + (AssignmentCache.MAX_ENTRIES * 3 - 1))).contains(unknown);
    }
}
