package org.mockupdb;

/**
 * What a client uses a connection for, as its messages reveal it (drivers follow the server
 * discovery and monitoring specification): a pool's connection for operations, a monitor's for
 * hellos, or the one that measures round-trip time beside a streaming monitor.
 */
public enum ConnectionRole {
    /** Only the handshake so far: nothing tells yet. */
    UNKNOWN,
    /** A monitor's: hellos after the handshake, streaming ({@code maxAwaitTimeMS}) or polling. */
    MONITORING,
    /** The round-trip-time connection: plain hellos while another connection of the client streams. */
    ROUND_TRIP_TIME,
    /** An application (pool) connection: it sent a command other than hello. */
    APPLICATION
}
