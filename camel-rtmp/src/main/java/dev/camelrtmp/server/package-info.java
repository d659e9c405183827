/**
 * The RTMP server on Netty: listeners, the per-connection pipeline (handshake, chunk codec, protocol control,
 * NetConnection and NetStream commands) and the delivery of published messages to listeners, with TCP
 * backpressure. Knows nothing of Camel.
 */
package dev.camelrtmp.server;
