package io.tenantlink.sandbox.graph;

import static io.tenantlink.sandbox.graph.InMemorySandbox.ADELE;
import static io.tenantlink.sandbox.graph.InMemorySandbox.ADMIN_APP;
import static io.tenantlink.sandbox.graph.InMemorySandbox.CLIENT_APP;
import static io.tenantlink.sandbox.graph.InMemorySandbox.CONTOSO;
import static io.tenantlink.sandbox.graph.InMemorySandbox.LEE;
import static io.tenantlink.sandbox.graph.InMemorySandbox.MEGAN;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.tenantlink.sandbox.AppRoleAssignmentRow;
import io.tenantlink.sandbox.GraphPermissions;
import io.tenantlink.sandbox.PermissionGrantRow;
import io.tenantlink.sandbox.ServicePrincipalRow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A $batch's directory requests share one transaction; when the database fails one of them, the whole transaction is
 * rolled back and every request runs again on its own, so each request still gets its own outcome: one failing write
 * never takes the others with it, and throttling and injected faults are decided once per request.
 */
class GraphBatchTransactionTest {

    /** A consent store whose database "fails" on the grant of one user. */
    static final class FailingConsent extends InMemorySandbox.Consent {
        String failFor;

        @Override
        public Optional<PermissionGrantRow> createGrant(
                String tenantId,
                String clientSpId,
                String consentType,
                String principalId,
                String resourceId,
                String scope) {
            if (principalId != null && principalId.equalsIgnoreCase(failFor)) {
                throw new IllegalStateException("the database refused the write");
            }
            return super.createGrant(tenantId, clientSpId, consentType, principalId, resourceId, scope);
        }
    }

    /** Rolls the lists back when the work throws, as the database transaction would. */
    static final class ListTransaction extends BatchTransaction {
        final InMemorySandbox.Consent store;
        int begun;
        int rolledBack;

        ListTransaction(InMemorySandbox.Consent store) {
            this.store = store;
        }

        @Override
        public <T> T inOne(Supplier<T> work) {
            begun++;
            List<ServicePrincipalRow> sps = new ArrayList<>(store.sps);
            List<PermissionGrantRow> grants = new ArrayList<>(store.grants);
            List<AppRoleAssignmentRow> assignments = new ArrayList<>(store.assignments);
            try {
                return work.get();
            } catch (RuntimeException e) {
                rolledBack++;
                store.sps.clear();
                store.sps.addAll(sps);
                store.grants.clear();
                store.grants.addAll(grants);
                store.assignments.clear();
                store.assignments.addAll(assignments);
                throw e;
            }
        }
    }

    private final InMemorySandbox sandbox = new InMemorySandbox();
    private final FailingConsent consent = new FailingConsent();
    private final ListTransaction transaction = new ListTransaction(consent);
    private final String graphSp = GraphPermissions.servicePrincipalId(CONTOSO);
    private String clientSp;
    private String admin;

    @BeforeEach
    void setUp() {
        sandbox.graph.consent = consent;
        sandbox.graph.transactions = transaction;
        consent.adminConsent(CONTOSO, sandbox.application(CLIENT_APP), List.of("User.Read"), List.of());
        clientSp = consent.servicePrincipal(CONTOSO, CLIENT_APP).orElseThrow().id;
        admin = GraphTestTokens.app(
                sandbox.keys,
                CONTOSO,
                ADMIN_APP,
                "sp-of-" + ADMIN_APP,
                List.of("DelegatedPermissionGrant.ReadWrite.All", "AppRoleAssignment.ReadWrite.All"));
    }

    private Map<String, Object> grantRequest(String id, String user) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("clientId", clientSp);
        body.put("consentType", "Principal");
        body.put("principalId", user);
        body.put("resourceId", graphSp);
        body.put("scope", "User.Read");
        return Map.of(
                "id",
                id,
                "method",
                "POST",
                "url",
                "/oauth2PermissionGrants",
                "body",
                body,
                "headers",
                Map.of("Content-Type", "application/json"));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Integer> statuses(List<Object> requests) {
        GraphResponse batch = sandbox.graph.serve(
                "POST",
                "/$batch",
                JSONObjectUtils.toJSONString(Map.of("requests", requests)),
                Map.of("Authorization", admin));
        assertEquals(200, batch.status(), String.valueOf(batch.body()));
        Map<String, Integer> byId = new HashMap<>();
        for (Object r : (List<Object>) batch.body().get("responses")) {
            Map<String, Object> response = (Map<String, Object>) r;
            byId.put((String) response.get("id"), (Integer) response.get("status"));
        }
        return byId;
    }

    private long grantsOf(String user) {
        return consent.grants.stream().filter(g -> user.equals(g.principalId)).count();
    }

    @Test
    void aBatchOfWritesRunsInOneTransactionAndEachRequestSeesTheOnesBeforeIt() {
        Map<String, Integer> statuses =
                statuses(List.of(grantRequest("1", LEE), grantRequest("2", ADELE), grantRequest("3", LEE)));
        assertEquals(201, statuses.get("1"));
        assertEquals(201, statuses.get("2"));
        assertEquals(409, statuses.get("3"), "the second grant of the same user in the same batch is a conflict");
        assertEquals(1, transaction.begun);
        assertEquals(0, transaction.rolledBack);
        assertEquals(1, grantsOf(LEE));
        assertEquals(1, grantsOf(ADELE));
    }

    @Test
    void aWriteTheDatabaseRefusesFailsAloneAndTheOthersAreKept() {
        consent.failFor = ADELE;
        Map<String, Integer> statuses =
                statuses(List.of(grantRequest("1", LEE), grantRequest("2", ADELE), grantRequest("3", MEGAN)));
        assertEquals(201, statuses.get("1"), "written again on its own after the rollback: " + statuses);
        assertEquals(500, statuses.get("2"));
        assertEquals(201, statuses.get("3"));
        assertEquals(1, transaction.rolledBack);
        assertEquals(1, grantsOf(LEE), "exactly one grant: the rolled-back attempt left nothing behind");
        assertEquals(0, grantsOf(ADELE));
        assertEquals(1, grantsOf(MEGAN));
    }

    @Test
    void throttlingIsDecidedOncePerRequestEvenWhenTheBatchRunsAgain() {
        consent.failFor = ADELE;
        sandbox.faults.update(Map.of("throttleNextRequests", 1L));
        Map<String, Integer> statuses =
                statuses(List.of(grantRequest("1", LEE), grantRequest("2", ADELE), grantRequest("3", MEGAN)));
        assertEquals(429, statuses.get("1"), "throttled in the first attempt, still throttled: " + statuses);
        assertEquals(500, statuses.get("2"));
        assertEquals(201, statuses.get("3"));
        assertEquals(0, grantsOf(LEE));
        assertEquals(1, grantsOf(MEGAN));
    }
}
