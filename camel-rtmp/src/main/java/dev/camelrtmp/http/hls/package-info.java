/**
 * Low-Latency HLS (RFC 8216bis) out of fMP4 fragments: {@link dev.camelrtmp.http.hls.HlsStream} keeps one live
 * path's window of segments and parts and writes its media playlist, {@link dev.camelrtmp.http.hls.HlsStreams} holds
 * an HTTP listener's streams. Plain Java; the HTTP side is in {@code dev.camelrtmp.http}.
 */
package dev.camelrtmp.http.hls;
