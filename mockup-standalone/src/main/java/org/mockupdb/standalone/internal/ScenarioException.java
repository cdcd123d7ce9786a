package org.mockupdb.standalone.internal;

/** A scenario file that cannot be read or is wrong; the message names the file, the rule and the field. */
final class ScenarioException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    ScenarioException(String message) {
        super(message);
    }
}
