package org.mockupdb;

import java.time.Duration;

/**
 * What a request is answered with: a {@link Reply} (a document, an error) or a {@link Fault}
 * (a hang-up, a reset, a reply cut short ...). Either may be sent later than at once
 * ({@link #delay()}).
 */
public sealed interface Response permits Reply, Fault {

    /** {@return how long after the reply method returns this goes out; zero for at once} */
    Duration delay();
}
