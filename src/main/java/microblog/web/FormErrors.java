package microblog.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The errors of a submitted form, by field name, in the order found. */
public final class FormErrors {
    public static final String REQUIRED = "This field is required.";

    private final Map<String, List<String>> byField = new LinkedHashMap<>();

    public FormErrors add(String field, String message) {
        List<String> messages = byField.computeIfAbsent(field, f -> new ArrayList<>());
        // An empty field only needs to hear that it is required, not every rule an empty value breaks.
        if (messages.contains(REQUIRED) || messages.contains(message)) {
            return this;
        }
        if (REQUIRED.equals(message)) {
            messages.clear();
        }
        messages.add(message);
        return this;
    }

    public boolean any() {
        return !byField.isEmpty();
    }

    public List<String> of(String field) {
        return byField.getOrDefault(field, List.of());
    }

    /** For views: {@code ${errors.username}} is the list of that field's messages. */
    public Map<String, List<String>> asMap() {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        byField.forEach((field, messages) -> copy.put(field, List.copyOf(messages)));
        return copy;
    }

    @Override
    public String toString() {
        return byField.toString();
    }
}
