package io.tenantlink.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenantlink.incident.IncidentViews.FieldChange;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChangeLogTest {

    @Test
    void keepsOnlyFieldsThatChanged() {
        ChangeLog log = new ChangeLog()
                .field("priority", Priority.P3, Priority.P1)
                .field("status", IncidentStatus.OPEN, IncidentStatus.OPEN)
                .field("assignee", null, "Ann");
        assertEquals(
                List.of(new FieldChange("priority", "P3", "P1"), new FieldChange("assignee", "", "Ann")),
                log.changes());
    }

    @Test
    void nothingChangedIsEmpty() {
        assertTrue(new ChangeLog().field("summary", "a", "a").isEmpty());
    }

    @Test
    void valuesWithCommasPipesAndColonsSurviveTheRoundTrip() {
        ChangeLog log = new ChangeLog()
                .field("summary", "Mail down | EU, US: all", "Mail down; fixed?")
                .changed("description");
        assertEquals(log.changes(), ChangeLog.decode(log.encode()));
    }

    @Test
    void decodesNothingFromNothing() {
        assertEquals(List.of(), ChangeLog.decode(null));
        assertEquals(List.of(), ChangeLog.decode(""));
    }
}
