package org.mockupdb.junit5.internal;

import java.util.List;
import org.mockupdb.junit5.MongoClientCustomizer;

/**
 * How to make an injected client: connection-string options ({@code "a=1&b=2"}, may be empty),
 * the user whose credentials it presents (null: none) and customizers to instantiate, in order.
 */
record ClientConfig(String uriOptions, List<Class<? extends MongoClientCustomizer>> customizers, UserCredential user) {
    static final ClientConfig DEFAULT = new ClientConfig("", List.of(), null);

    /** Never the password. */
    @Override
    public String toString() {
        return "uriOptions=\"" + uriOptions + "\", customizers=" + customizers.stream().map(Class::getName).toList()
                + (user == null ? "" : ", user=" + user);
    }
}
