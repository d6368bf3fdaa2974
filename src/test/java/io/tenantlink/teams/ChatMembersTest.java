package io.tenantlink.teams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenantlink.teams.ChatMembers.Candidate;
import io.tenantlink.teams.ChatMembers.LeftOut;
import io.tenantlink.teams.ChatMembers.Plan;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatMembersTest {

    private static final String ME = "11111111-1111-1111-1111-111111111111";
    private static final String ALEX = "22222222-2222-2222-2222-222222222222";
    private static final String MEGAN = "33333333-3333-3333-3333-333333333333";

    @Test
    void theCreatorComesFirstThenTheMappedPeopleEachOnce() {
        Plan plan = ChatMembers.plan(
                ME,
                List.of(
                        new Candidate(1, "Alex", ALEX, null),
                        new Candidate(2, "Megan", MEGAN, null),
                        new Candidate(1, "Alex", ALEX, null)));
        assertEquals(List.of(ME, ALEX, MEGAN), plan.memberIds());
        assertTrue(plan.leftOut().isEmpty());
        assertTrue(plan.enoughForGroupChat());
    }

    @Test
    void theCreatorIsNotAddedTwiceWhenAlsoAResponderWhateverTheCase() {
        Plan plan = ChatMembers.plan(ME, List.of(new Candidate(7, "Me", ME.toUpperCase(), null)));
        assertEquals(List.of(ME), plan.memberIds());
        assertFalse(plan.enoughForGroupChat(), "a delegated group chat needs three people");
    }

    @Test
    void unmappedPeopleAreLeftOutWithTheirReasonOnce() {
        Plan plan = ChatMembers.plan(
                ME,
                List.of(
                        new Candidate(1, "Alex", ALEX, null),
                        new Candidate(3, "Pat", null, "mapping.reason.guest"),
                        new Candidate(3, "Pat", null, "mapping.reason.guest")));
        assertEquals(List.of(ME, ALEX), plan.memberIds());
        assertEquals(List.of(new LeftOut(3, "Pat", "mapping.reason.guest")), plan.leftOut());
        assertFalse(plan.enoughForGroupChat());
    }

    @Test
    void additionsAreThoseMappedAndNotYetInTheChat() {
        Plan plan = ChatMembers.additions(
                List.of(ME, ALEX.toUpperCase()),
                List.of(
                        new Candidate(1, "Alex", ALEX, null),
                        new Candidate(2, "Megan", MEGAN, null),
                        new Candidate(4, "Sam", null, "mapping.reason.ambiguous")));
        assertEquals(List.of(MEGAN), plan.memberIds());
        assertEquals(1, plan.leftOut().size());
    }

    @Test
    void anUnmappedCandidateNeedsAReason() {
        assertThrows(IllegalArgumentException.class, () -> new Candidate(1, "Nobody", null, null));
    }
}
