package dev.camelrtmp.protocol.amf;

import java.util.Map;

/**
 * An object with a class name: AMF0 typed object (marker 0x10) or an AMF3 object with a non-empty class name.
 *
 * @param className  the class name
 * @param properties the properties, in order
 */
public record AmfTypedObject(String className, Map<String, Object> properties) {
}
