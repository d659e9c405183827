/**
 * Media formats carried over RTMP: FLV and Enhanced RTMP tag headers, codecs, and an FLV file reader and writer.
 * Plain Java, no Netty channels, no Camel.
 */
package dev.camelrtmp.media;
