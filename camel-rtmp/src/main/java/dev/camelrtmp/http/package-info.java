/**
 * HTTP out of the RTMP server: {@link dev.camelrtmp.http.HttpListener} serves each live path as an HTTP-FLV stream
 * ({@code http://host:httpPort/<app>/<key>.flv}) to browsers (mpegts.js, flv.js) and players (FFmpeg, VLC), as a
 * {@link dev.camelrtmp.server.LiveSink} of the same live source RTMP players read. Knows the server and media
 * packages, not the Camel adapter.
 */
package dev.camelrtmp.http;
