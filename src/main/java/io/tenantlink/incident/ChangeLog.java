package io.tenantlink.incident;

import io.tenantlink.incident.IncidentViews.FieldChange;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What changed on an incident, kept as a CHANGED timeline entry's body: one record per field, the field's name, the
 * value before and after, separated by the ASCII unit and record separators (control characters, which no input may
 * contain, so a value can never break the format).
 */
public final class ChangeLog {

    /** The fields a CHANGED entry can name (the page's message keys are {@code incident.field.<field>}). */
    public static final List<String> FIELDS =
            List.of("summary", "description", "priority", "status", "assignee", "responders", "stakeholders", "major");

    static final char UNIT = '\u001F';
    static final char RECORD = '\u001E';

    private final List<FieldChange> changes = new ArrayList<>();

    /** Notes the field when the value differs. */
    public ChangeLog field(String field, Object from, Object to) {
        known(field);
        String before = from == null ? "" : String.valueOf(from);
        String after = to == null ? "" : String.valueOf(to);
        if (!Objects.equals(before, after)) {
            changes.add(new FieldChange(field, before, after));
        }
        return this;
    }

    /** Notes that the field changed without its values (the description: too long for a timeline line). */
    public ChangeLog changed(String field) {
        known(field);
        changes.add(new FieldChange(field, "", ""));
        return this;
    }

    private static void known(String field) {
        if (!FIELDS.contains(field)) {
            throw new IllegalArgumentException("not a field of an incident: " + field);
        }
    }

    public boolean isEmpty() {
        return changes.isEmpty();
    }

    public List<FieldChange> changes() {
        return List.copyOf(changes);
    }

    public String encode() {
        StringBuilder out = new StringBuilder();
        for (FieldChange change : changes) {
            if (!out.isEmpty()) {
                out.append(RECORD);
            }
            out.append(change.field())
                    .append(UNIT)
                    .append(change.from())
                    .append(UNIT)
                    .append(change.to());
        }
        return out.toString();
    }

    public static List<FieldChange> decode(String body) {
        List<FieldChange> result = new ArrayList<>();
        if (body == null || body.isEmpty()) {
            return result;
        }
        for (String record : body.split(String.valueOf(RECORD))) {
            String[] parts = record.split(String.valueOf(UNIT), -1);
            if (parts.length == 3) {
                result.add(new FieldChange(parts[0], parts[1], parts[2]));
            }
        }
        return result;
    }
}
