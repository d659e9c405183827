package dev.camelrtmp.media;

/**
 * One FLV tag.
 *
 * @param type      {@link FlvTagType#AUDIO}, {@link FlvTagType#VIDEO} or {@link FlvTagType#SCRIPT_DATA}
 * @param timestamp the timestamp in ms, an unsigned 32-bit value
 * @param data      the tag body
 */
public record FlvTag(int type, long timestamp, byte[] data) {
}
