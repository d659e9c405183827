/**
 * The RTMP wire protocol: handshake, chunk stream codec, AMF0/AMF3 and the message and command model.
 * Knows nothing of Camel or sockets.
 */
package dev.camelrtmp.protocol;
