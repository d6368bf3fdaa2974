package io.tenantlink.preference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenantlink.platform.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** How the page's two fields are read; anything unexpected is refused before the service is called. */
class CommunicationPreferencesFormTest {

    @Test
    void theSwitchIsExactlyTrueOrFalse() {
        assertTrue(CommunicationPreferencesController.parseSwitch("true"));
        assertFalse(CommunicationPreferencesController.parseSwitch("false"));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"on", "TRUE", "1", "yes", " true", "false "})
    void anythingElseForTheSwitchIsRefused(String value) {
        InvalidInputException e =
                assertThrows(InvalidInputException.class, () -> CommunicationPreferencesController.parseSwitch(value));
        assertEquals("teams.error.switch", e.messageKey());
    }

    @Test
    void connectionIdIsOptionalOrANumber() {
        assertNull(CommunicationPreferencesController.parseConnectionId(null));
        assertNull(CommunicationPreferencesController.parseConnectionId(""));
        assertEquals(12L, CommunicationPreferencesController.parseConnectionId("12"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "-1", "1.5", " 1", "1e3", "99999999999999999999", "0x10"})
    void garbageConnectionIdsAreRefused(String value) {
        InvalidInputException e = assertThrows(
                InvalidInputException.class, () -> CommunicationPreferencesController.parseConnectionId(value));
        assertEquals("teams.error.connection", e.messageKey());
    }
}
