package io.tenantlink.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class IncidentKeyTest {

    @Test
    void formatsAsProjectKeyDashNumber() {
        assertEquals("INC-42", new IncidentKey("INC", 42).toString());
    }

    @Test
    void parsesWhatItFormats() {
        assertEquals(new IncidentKey("OPS2", 7), IncidentKey.parse("OPS2-7").orElseThrow());
    }

    @Test
    void refusesWhatIsNoKey() {
        for (String text : List.of("", "INC", "INC-", "INC-0", "INC-01", "inc-1", "I-1", "INC-1-2", "INC--1")) {
            assertTrue(IncidentKey.parse(text).isEmpty(), text);
        }
        assertTrue(IncidentKey.parse(null).isEmpty());
    }

    @Test
    void numbersStartAtOne() {
        assertThrows(IllegalArgumentException.class, () -> new IncidentKey("INC", 0));
    }

    @Test
    void theCounterHandsOutEachNumberOnce() {
        IncidentCounter counter = new IncidentCounter(5);
        assertEquals(1, counter.take());
        assertEquals(2, counter.take());
        assertEquals(3, counter.take());
    }
}
