package dev.camelrtmp.server;

/**
 * What one publish carried, counted as it was received.
 *
 * @param audioMessages audio messages
 * @param videoMessages video messages
 * @param dataMessages  data messages
 * @param payloadBytes  payload bytes of all of them
 * @param readPauses    how often the server stopped reading the connection because the listener was behind
 */
public record PublishStats(long audioMessages, long videoMessages, long dataMessages, long payloadBytes,
        long readPauses) {
}
