package dev.camelrtmp.springboot;

import java.util.List;

/**
 * A {@code camel.component.rtmp.*} or {@code camel.component.flv.*} key that names no option of the component:
 * Spring Boot would ignore it, so a misspelt limit or stream key list would silently not apply. Startup fails with
 * one line naming each such key, where it was set and the closest option.
 */
public class UnknownComponentPropertyException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final List<String> keys;

    /**
     * @param keys one description per unknown key: the key, where it was set, the closest known option
     */
    public UnknownComponentPropertyException(List<String> keys) {
        super("Unknown camel-rtmp propert" + (keys.size() == 1 ? "y " : "ies ") + String.join("; ", keys));
        this.keys = List.copyOf(keys);
    }

    /** One description per unknown key. */
    public List<String> getKeys() {
        return keys;
    }
}
