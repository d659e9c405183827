package dev.camelrtmp.springboot;

import java.beans.PropertyDescriptor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.springframework.beans.BeanUtils;
import org.springframework.beans.BeanWrapper;
import org.springframework.beans.PropertyAccessorFactory;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.origin.Origin;
import org.springframework.core.env.Environment;

/**
 * The {@code camel.component.<scheme>.*} keys of the Environment, matched against the options of a component's
 * generated properties class: which options are set (only those are applied, so that a default never overwrites a
 * value that came with a {@code configuration} bean) and which keys name no option (Spring Boot would ignore them).
 */
final class ComponentProperties {

    /** Option applied before all others: the others then override parts of it. */
    private static final String CONFIGURATION = "configuration";

    private final String scheme;
    private final ConfigurationPropertyName prefix;
    /** The options by their uniform name (lower case, no dashes), as Spring Boot's relaxed binding matches them. */
    private final Map<String, String> options = new TreeMap<>();

    ComponentProperties(String scheme, Class<?> propertiesClass) {
        this.scheme = scheme;
        this.prefix = ConfigurationPropertyName.of("camel.component." + scheme);
        for (PropertyDescriptor property : BeanUtils.getPropertyDescriptors(propertiesClass)) {
            if (property.getReadMethod() != null && property.getWriteMethod() != null) {
                options.put(property.getName().toLowerCase(Locale.ROOT), property.getName());
            }
        }
    }

    /**
     * The options set in the environment and their bound values, {@code configuration} first; {@code enabled}
     * is the starter's own and not a component option.
     */
    Map<String, Object> setOptions(Environment environment, Object properties) {
        Set<String> set = new LinkedHashSet<>();
        for (Key key : keys(environment)) {
            String option = options.get(key.element());
            if (option != null && key.depth() == 1 && !"enabled".equals(option)) {
                set.add(option);
            }
        }
        BeanWrapper bean = PropertyAccessorFactory.forBeanPropertyAccess(properties);
        Map<String, Object> values = new LinkedHashMap<>();
        if (set.remove(CONFIGURATION)) {
            values.put(CONFIGURATION, bean.getPropertyValue(CONFIGURATION));
        }
        for (String option : new TreeSet<>(set)) {
            values.put(option, bean.getPropertyValue(option));
        }
        return values;
    }

    /** One line per key under the prefix that names no option: the key, where it was set, the closest option. */
    List<String> unknownKeys(Environment environment) {
        List<String> unknown = new ArrayList<>();
        for (Key key : keys(environment)) {
            boolean known = key.depth() == 1 ? options.containsKey(key.element())
                    // camel-spring-boot's switch for the component's customizer
                    : key.depth() == 2 && "customizer".equals(key.element()) && "enabled".equals(key.child());
            if (!known) {
                unknown.add(key.name() + " (" + key.origin() + "): did you mean camel.component." + scheme + "."
                        + dashed(closest(key.element())) + "?");
            }
        }
        return unknown;
    }

    /** Every key under the prefix, with where it was set. */
    List<String> allKeys(Environment environment) {
        return keys(environment).stream().map(key -> key.name() + " (" + key.origin() + ")").toList();
    }

    private List<Key> keys(Environment environment) {
        List<Key> keys = new ArrayList<>();
        Set<ConfigurationPropertyName> seen = new LinkedHashSet<>();
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (!(source instanceof IterableConfigurationPropertySource iterable)) {
                continue;
            }
            iterable.stream().filter(prefix::isAncestorOf).filter(seen::add).forEach(name -> {
                int at = prefix.getNumberOfElements();
                ConfigurationProperty property = source.getConfigurationProperty(name);
                Origin origin = property == null ? null : property.getOrigin();
                keys.add(new Key(name.toString(), name.getElement(at, Form.UNIFORM),
                        name.getNumberOfElements() > at + 1 ? name.getElement(at + 1, Form.UNIFORM) : null,
                        name.getNumberOfElements() - at,
                        origin != null ? origin.toString() : String.valueOf(source.getUnderlyingSource())));
            });
        }
        return keys;
    }

    /** The option whose uniform name is nearest (Levenshtein distance) to {@code element}. */
    private String closest(String element) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (Map.Entry<String, String> option : options.entrySet()) {
            int distance = distance(element, option.getKey());
            if (distance < bestDistance) {
                best = option.getValue();
                bestDistance = distance;
            }
        }
        return best;
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    /** maxConnectionsPerAddress as it is written in properties files: max-connections-per-address. */
    static String dashed(String camelCase) {
        StringBuilder out = new StringBuilder();
        for (char c : camelCase.toCharArray()) {
            if (Character.isUpperCase(c)) {
                out.append('-').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private record Key(String name, String element, String child, int depth, String origin) {
    }
}
