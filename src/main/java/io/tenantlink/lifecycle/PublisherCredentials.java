package io.tenantlink.lifecycle;

import io.tenantlink.microsoft.GraphAnswer;
import io.tenantlink.microsoft.GraphGateway.ApplicationInfo;
import io.tenantlink.microsoft.GraphGateway.CredentialInfo;
import io.tenantlink.microsoft.GraphRequest;
import io.tenantlink.microsoft.ManagementAccess;
import io.tenantlink.microsoft.MicrosoftApps;
import io.tenantlink.platform.text.Text;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The portal's own app registrations read in the publisher tenant ({@code TENANTLINK_MICROSOFT_PUBLISHER_TENANT}, where
 * the ChatOps and consent-management apps are registered): each app, with its own app-only token there (client
 * credentials, a fresh token so that a permission granted a minute ago counts), asks Microsoft Graph for its
 * application object (GET /applications(appId='…'), {@link GraphRequest.ApplicationByAppId}) and so learns when every
 * secret and certificate of its registration expires. Unset: nothing is read, the settings' dates are all there is.
 * What Microsoft refuses comes back as a {@link RegistrationRead} saying why, never as an exception.
 */
@ApplicationScoped
public class PublisherCredentials {

    private static final Logger LOG = Logger.getLogger(PublisherCredentials.class.getName());

    @Inject
    MicrosoftApps apps;

    @Inject
    ManagementAccess access;

    /** The publisher tenant, when configured. */
    public Optional<String> tenant() {
        return apps.publisherTenant();
    }

    /** The apps read: "chatops" and, when configured, "management", each to its client id. */
    public Map<String, String> clientIds() {
        Map<String, String> ids = new LinkedHashMap<>();
        ids.put("chatops", apps.chatOpsClientId());
        apps.managementClientId().ifPresent(id -> ids.put("management", id));
        return ids;
    }

    /** Each configured app's registration as Graph gives it now; empty without a publisher tenant. */
    public List<RegistrationRead> read() throws InterruptedException {
        Optional<String> tenant = tenant();
        if (tenant.isEmpty()) {
            return List.of();
        }
        List<RegistrationRead> reads = new ArrayList<>();
        for (Map.Entry<String, String> app : clientIds().entrySet()) {
            reads.add(read(tenant.get(), app.getKey(), app.getValue()));
        }
        return reads;
    }

    private RegistrationRead read(String tenant, String app, String clientId) throws InterruptedException {
        try {
            ManagementAccess.Access token = access.appOnly(tenant, clientId, true);
            if (token instanceof ManagementAccess.Refused refused) {
                return RegistrationRead.failed(
                        app,
                        RegistrationRead.Outcome.SIGN_IN_REFUSED,
                        refused.reason().code() > 0
                                ? "AADSTS" + refused.reason().code()
                                : refused.reason().error());
            }
            if (!(token instanceof ManagementAccess.Granted granted)) {
                return RegistrationRead.failed(app, RegistrationRead.Outcome.SIGN_IN_REFUSED, "no credential");
            }
            return of(app, granted.gateway().send(new GraphRequest.ApplicationByAppId(clientId)));
        } catch (IOException e) {
            return RegistrationRead.failed(app, RegistrationRead.Outcome.UNANSWERED, clip(e.getMessage()));
        } catch (IllegalArgumentException e) {
            // MicrosoftClients: the publisher tenant setting is no tenant id or domain an authority can name.
            return RegistrationRead.failed(
                    app, RegistrationRead.Outcome.SIGN_IN_REFUSED, "not a tenant: " + clip(tenant));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Lifecycle warnings: the " + app + " app's registration could not be read", e);
            return RegistrationRead.failed(
                    app, RegistrationRead.Outcome.UNANSWERED, e.getClass().getSimpleName());
        }
    }

    /** Graph's answer to GET /applications(appId='…') as what the check learned. */
    static RegistrationRead of(String app, GraphAnswer<ApplicationInfo> answer) {
        if (answer.status() == 403) {
            return RegistrationRead.failed(app, RegistrationRead.Outcome.PERMISSION_MISSING, status(answer));
        }
        if (answer.status() == 404) {
            return RegistrationRead.failed(app, RegistrationRead.Outcome.NOT_FOUND, status(answer));
        }
        if (answer.status() == 0) {
            return RegistrationRead.failed(app, RegistrationRead.Outcome.UNANSWERED, "no answer");
        }
        if (!answer.ok()) {
            return RegistrationRead.failed(app, RegistrationRead.Outcome.GRAPH_REFUSED, status(answer));
        }
        ApplicationInfo info = answer.value();
        if (info == null || answer.unreadable()) {
            return RegistrationRead.failed(
                    app, RegistrationRead.Outcome.GRAPH_REFUSED, answer.status() + " not an application");
        }
        return new RegistrationRead(app, RegistrationRead.Outcome.READ, null, expiries(app, info));
    }

    /** Every secret and certificate of the registration that has an end date, as "{app}-secret/{keyId}", .... */
    static List<AppCredentials.Expiry> expiries(String app, ApplicationInfo info) {
        List<AppCredentials.Expiry> found = new ArrayList<>();
        add(found, app + "-secret/", info.secrets());
        add(found, app + "-certificate/", info.certificates());
        return found;
    }

    private static void add(List<AppCredentials.Expiry> found, String prefix, List<CredentialInfo> credentials) {
        int n = 0;
        for (CredentialInfo c : credentials) {
            n++;
            Instant end = c.endDateTime();
            if (end != null) {
                String key = c.keyId() == null || c.keyId().isBlank() ? "#" + n : c.keyId();
                found.add(new AppCredentials.Expiry(prefix + key, end, label(c, key)));
            }
        }
    }

    /**
     * How Entra's "Certificates & secrets" names a credential: its description in quotes and, for a secret, Graph's
     * hint (the first three characters, as Entra shows them): {@code “TenantLink portal” (abc…)}; the key id's start
     * when it has neither.
     */
    static String label(CredentialInfo c, String key) {
        String name = c.displayName() == null || c.displayName().isBlank()
                ? null
                : "“" + c.displayName().strip() + "”";
        String hint = c.hint() == null || c.hint().isBlank() ? null : c.hint().strip() + "…";
        if (name != null && hint != null) {
            return name + " (" + hint + ")";
        }
        if (name != null) {
            return name;
        }
        if (hint != null) {
            return "(" + hint + ")";
        }
        return "(" + key.substring(0, Math.min(8, key.length())) + "…)";
    }

    private static String status(GraphAnswer<?> answer) {
        String code = answer.error() == null ? "" : answer.error().code();
        return answer.status() + (code == null || code.isBlank() ? "" : " " + code);
    }

    private static String clip(String text) {
        return text == null ? "" : Text.clip(text, 160);
    }
}
