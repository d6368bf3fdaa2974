package io.tenantlink.sandbox.directory;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The tenants, users, groups and app registrations the sandbox plays Entra ID with. Read-only once loaded; a test may
 * replace the whole directory until the next reset (control API), e.g. an app registration asking for more.
 */
@ApplicationScoped
public class SandboxDirectory {

    private static final Logger LOG = Logger.getLogger(SandboxDirectory.class.getName());
    private static final String DEFAULT = "/sandbox/directory.json";

    /** A user together with the tenant it belongs to. */
    public record Member(DirectoryData.Tenant tenant, DirectoryData.User user) {}

    @Inject
    @ConfigProperty(name = "sandbox.directory")
    Optional<String> directoryFile;

    private volatile DirectoryData data;

    /** Reads the directory file again (a sandbox reset forgets users changed through the control API). */
    public void reload() {
        load();
    }

    @PostConstruct
    void load() {
        try (Jsonb jsonb = JsonbBuilder.create();
                InputStream in = directoryFile.filter(f -> !f.isBlank()).isPresent()
                        ? Files.newInputStream(Path.of(directoryFile.get()))
                        : SandboxDirectory.class.getResourceAsStream(DEFAULT)) {
            data = jsonb.fromJson(in, DirectoryData.class);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read the sandbox directory " + directoryFile.orElse(DEFAULT), e);
        }
        LOG.info(() -> "Sandbox directory: " + data.tenants.size() + " tenants, " + data.applications.size()
                + " applications");
    }

    /** Until the next {@link #reload()}: this directory instead of the file's. */
    void replace(DirectoryData replacement) {
        data = replacement;
        LOG.info(() -> "Sandbox directory replaced: " + data.tenants.size() + " tenants, " + data.applications.size()
                + " applications");
    }

    /**
     * Until the next {@link #reload()}: the app registration's secrets and certificates are these (null leaves a list as
     * it is); empty when no such app is registered. The directory is replaced, not changed, so readers see either.
     */
    public synchronized Optional<DirectoryData.Application> replaceCredentials(
            String appId, List<DirectoryData.Credential> passwords, List<DirectoryData.Credential> keys) {
        DirectoryData current = data();
        DirectoryData next = new DirectoryData();
        next.description = current.description;
        next.publisherTenantId = current.publisherTenantId;
        next.adminOnlyScopes = current.adminOnlyScopes;
        next.tenants = current.tenants;
        next.applications = new java.util.ArrayList<>();
        DirectoryData.Application changed = null;
        for (DirectoryData.Application app : current.applications) {
            if (changed == null && app.appId.equalsIgnoreCase(appId)) {
                changed = app.withCredentials(passwords, keys);
                next.applications.add(changed);
            } else {
                next.applications.add(app);
            }
        }
        if (changed != null) {
            data = next;
        }
        return Optional.ofNullable(changed);
    }

    public DirectoryData data() {
        return data;
    }

    /** A tenant by id (GUID) or verified domain, as the {tenant} segment of Microsoft's URLs allows. */
    public Optional<DirectoryData.Tenant> tenant(String idOrDomain) {
        return data.tenants.stream()
                .filter(t -> t.id.equalsIgnoreCase(idOrDomain) || t.domain.equalsIgnoreCase(idOrDomain))
                .findFirst();
    }

    public Optional<Member> userByPrincipalName(String upn) {
        String wanted = upn == null ? "" : upn.strip().toLowerCase(Locale.ROOT);
        for (DirectoryData.Tenant tenant : data.tenants) {
            for (DirectoryData.User user : tenant.users) {
                if (user.userPrincipalName.toLowerCase(Locale.ROOT).equals(wanted)) {
                    return Optional.of(new Member(tenant, user));
                }
            }
        }
        return Optional.empty();
    }

    public Optional<Member> user(String tenantId, String userId) {
        return tenant(tenantId)
                .flatMap(t -> t.users.stream()
                        .filter(u -> u.id.equalsIgnoreCase(userId))
                        .findFirst()
                        .map(u -> new Member(t, u)));
    }

    public Optional<DirectoryData.Application> application(String appId) {
        return data.applications.stream()
                .filter(a -> a.appId.equalsIgnoreCase(appId == null ? "" : appId))
                .findFirst();
    }

    public boolean adminOnly(String scope) {
        return data.adminOnlyScopes.stream().anyMatch(s -> s.equalsIgnoreCase(scope));
    }

    public List<DirectoryData.Tenant> tenants() {
        return data.tenants;
    }

    public static String publicRedirect(String registered, String portalOrigin) {
        return registered.replace("{portal}", portalOrigin);
    }
}
