/**
 * The RTMP client on Netty: publishes a stream to a remote RTMP server (handshake, connect, createStream, publish,
 * then media), answering the server's control messages. Knows nothing of Camel.
 */
package dev.camelrtmp.client;
