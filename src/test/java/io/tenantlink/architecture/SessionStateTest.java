package io.tenantlink.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import io.tenantlink.connection.MicrosoftSigner;
import io.tenantlink.connection.web.FlowSession;
import io.tenantlink.grants.web.GrantJobSession;
import io.tenantlink.microsoft.Pkce;
import io.tenantlink.platform.security.SessionUser;
import io.tenantlink.platform.web.Flash;
import io.tenantlink.teams.web.TeamsReturn;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.eclipse.krazo.security.CsrfToken;
import org.junit.jupiter.api.Test;

/**
 * Sessions live in the data grid when instances form a cluster (web.xml is distributable): whatever a session holds is
 * written out at the end of a request on one instance and read back on another. Each thing it holds, filled as a
 * person's session would be, comes back from serialization with the same behaviour; a new session-scoped bean fails
 * here until it is added.
 */
class SessionStateTest {

    /** Every @SessionScoped bean of the portal, each checked below. */
    private static final Set<String> SESSION_BEANS = Set.of(
            Flash.class.getName(),
            FlowSession.class.getName(),
            GrantJobSession.class.getName(),
            TeamsReturn.class.getName());

    @Test
    void everySessionScopedBeanIsSerializableAndCheckedHere() {
        Set<String> scoped = new ClassFileImporter()
                .importPath(Path.of("target", "classes")).stream()
                        .filter(c -> c.isAnnotatedWith("jakarta.enterprise.context.SessionScoped"))
                        .peek(c ->
                                assertTrue(c.isAssignableTo(Serializable.class), c.getName() + " is not Serializable"))
                        .map(JavaClass::getName)
                        .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(SESSION_BEANS), scoped);
    }

    @Test
    void signInStateAndCsrfTokenSurviveAnotherInstance() throws Exception {
        SessionUser user = new SessionUser(42, "admin", Instant.parse("2026-12-06T10:15:30Z"));
        assertEquals(user, roundTrip(user));
        // The session's CSRF token (Jakarta MVC's, kept by Krazo as a session attribute): the same value is accepted.
        CsrfToken token = new CsrfToken("X-CSRF-TOKEN", "_csrf", "3b0c7d0e-token");
        CsrfToken back = roundTrip(token);
        assertEquals(
                List.of("X-CSRF-TOKEN", "_csrf", "3b0c7d0e-token"),
                List.of(back.getHeaderName(), back.getParamName(), back.getValue()));
        // The page to return to after sign-in.
        assertEquals("/sites/7?tab=people", roundTrip("/sites/7?tab=people"));
    }

    @Test
    void aFlashMessageSetBeforeARedirectIsShownByTheOtherInstance() throws Exception {
        Flash flash = new Flash();
        flash.success("sites.created", "Contoso", 3);
        Flash back = roundTrip(flash);
        assertEquals(
                List.of(new Flash.Message(Flash.Kind.SUCCESS, "sites.created", List.of("Contoso", "3"))), back.take());
        assertEquals(List.of(), back.take());
    }

    @Test
    void aMicrosoftRoundTripStartedOnOneInstanceEndsOnTheOther() throws Exception {
        FlowSession flow = new FlowSession();
        String binding = flow.binding();
        flow.reveal(5, "https://portal.example/approve/abc");
        MicrosoftSigner signer = new MicrosoftSigner("tenant", "object", "megan@contoso.example", "Megan Bowen", true);
        flow.approver(9, signer);
        FlowSession back = roundTrip(flow);
        assertTrue(back.matches(Pkce.hash(binding)), "the sign-in request's binding still matches");
        assertEquals(binding, back.binding());
        assertEquals("https://portal.example/approve/abc", back.takeRevealed(5));
        assertEquals(signer, back.takeApprover(9));
        assertNull(back.takeApprover(9));
    }

    @Test
    void aGrantJobAwaitingSignInAndTheTeamsReturnSurvive() throws Exception {
        GrantJobSession jobs = new GrantJobSession();
        jobs.awaitSignIn(3, 77);
        assertEquals(77L, roundTrip(jobs).takeAwaiting(3));
        TeamsReturn teams = new TeamsReturn();
        teams.remember("/sites/1/incidents/2");
        assertEquals("/sites/1/incidents/2", roundTrip(teams).take());
    }

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T value) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }
}
