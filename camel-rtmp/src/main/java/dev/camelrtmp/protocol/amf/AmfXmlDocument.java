package dev.camelrtmp.protocol.amf;

/**
 * An XML document (AMF0 marker 0x0F, AMF3 markers 0x07 and 0x0B), kept as text.
 *
 * @param xml the document
 */
public record AmfXmlDocument(String xml) {
}
