package org.mockupdb;

import org.junit.jupiter.api.Test;
import org.mockupdb.testing.ApiBaseline;

/**
 * The public API of mockup-core is the one in {@code api/mockup-core.api}: a change to it is deliberate.
 * After a deliberate change, {@code mvn -Dapi.update=true -pl mockup-core -am test -Dtest=PublicApiTest
 * -Dsurefire.failIfNoSpecifiedTests=false} rewrites the file, to be committed with the change.
 */
class PublicApiTest {
    @Test
    void publicApiIsTheCheckedInBaseline() {
        ApiBaseline.check();
    }
}
