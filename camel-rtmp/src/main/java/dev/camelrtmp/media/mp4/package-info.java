/**
 * Fragmented MP4 (ISO/IEC 14496-12, CMAF) from FLV tag bodies, for HLS and fragmented MP4 recording: init segments
 * and movie fragments for H.264, HEVC, AV1, VP9, AAC and Opus. Plain Java; knows only {@code dev.camelrtmp.media}
 * (and the protocol exception its tag headers throw).
 */
package dev.camelrtmp.media.mp4;
