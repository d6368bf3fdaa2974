package io.tenantlink.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PlanGatesTest {

    @Test
    void majorIncidentsAndReviewsOnPremiumAndEnterpriseOnly() {
        assertFalse(PlanGates.majorIncidents(SitePlan.FREE));
        assertFalse(PlanGates.majorIncidents(SitePlan.STANDARD));
        assertTrue(PlanGates.majorIncidents(SitePlan.PREMIUM));
        assertTrue(PlanGates.majorIncidents(SitePlan.ENTERPRISE));
        assertFalse(PlanGates.postIncidentReview(SitePlan.FREE));
        assertFalse(PlanGates.postIncidentReview(SitePlan.STANDARD));
        assertTrue(PlanGates.postIncidentReview(SitePlan.PREMIUM));
        assertTrue(PlanGates.postIncidentReview(SitePlan.ENTERPRISE));
    }

    @ParameterizedTest
    @EnumSource(SitePlan.class)
    void teamsChatsOnEveryPlan(SitePlan plan) {
        assertTrue(PlanGates.teamsChats(plan));
    }

    @Test
    void theLowestPlanNamedOnPagesOpensTheGate() {
        SitePlan lowest = PlanGates.lowestForMajorIncidents();
        assertTrue(PlanGates.majorIncidents(lowest));
        for (SitePlan plan : SitePlan.values()) {
            if (plan.ordinal() < lowest.ordinal()) {
                assertFalse(PlanGates.majorIncidents(plan), plan::name);
            }
        }
        assertEquals(SitePlan.PREMIUM, lowest);
    }
}
