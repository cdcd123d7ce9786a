package org.mockupdb.junit5;

import org.junit.jupiter.api.Test;
import org.mockupdb.testing.ApiBaseline;

/**
 * The public API of mockup-junit5 is the one in {@code api/mockup-junit5.api}: a change to it is deliberate.
 * After a deliberate change, {@code mvn -Dapi.update=true -pl mockup-junit5 -am test -Dtest=PublicApiTest
 * -Dsurefire.failIfNoSpecifiedTests=false} rewrites the file, to be committed with the change.
 */
class PublicApiTest {
    @Test
    void publicApiIsTheCheckedInBaseline() {
        ApiBaseline.check();
    }
}
