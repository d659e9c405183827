package dev.camelrtmp.server;

/**
 * What one play sent.
 *
 * @param messagesSent    audio, video and data messages written to the player
 * @param messagesDropped messages the slow-player policy dropped because the player fell behind
 * @param bytesSent       payload bytes of the messages sent
 */
public record PlayStats(long messagesSent, long messagesDropped, long bytesSent) {
}
