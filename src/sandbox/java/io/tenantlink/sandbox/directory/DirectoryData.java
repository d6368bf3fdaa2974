package io.tenantlink.sandbox.directory;

import java.util.ArrayList;
import java.util.List;

/**
 * The sandbox directory file as JSON-B reads it (format in the README, section "Sandbox directory").
 * Public fields: this is a data file's shape, nothing more.
 */
public class DirectoryData {

    public String description;
    public String publisherTenantId;
    public List<Application> applications = new ArrayList<>();
    /** Delegated scopes that only an administrator may consent to (as Microsoft marks them). */
    public List<String> adminOnlyScopes = new ArrayList<>();

    public List<Tenant> tenants = new ArrayList<>();

    public static class Application {
        public String appId;
        public String displayName;
        public String clientSecret;
        /** Exact redirect URIs; "{portal}" stands for http://localhost:{port of this server}. */
        public List<String> redirectUris = new ArrayList<>();

        public List<String> delegatedScopes = new ArrayList<>();
        public List<String> applicationPermissions = new ArrayList<>();
        /**
         * The app manifest's groupMembershipClaims: "None" (Microsoft's default, also when absent), "SecurityGroup",
         * "DirectoryRole", "ApplicationGroup" or "All". Only "DirectoryRole" and "All" put wids in id tokens.
         */
        public String groupMembershipClaims;

        /**
         * The registration's client secrets (Graph's passwordCredentials) and certificates (keyCredentials), with their
         * end dates; absent (null): one secret, {@link #clientSecret}, that does not expire before 2100. The control API
         * replaces them until the next reset.
         */
        public List<Credential> passwordCredentials;

        public List<Credential> keyCredentials;

        /** A copy whose credential lists are these (null keeps this registration's). */
        public Application withCredentials(List<Credential> passwords, List<Credential> keys) {
            Application copy = new Application();
            copy.appId = appId;
            copy.displayName = displayName;
            copy.clientSecret = clientSecret;
            copy.redirectUris = redirectUris;
            copy.delegatedScopes = delegatedScopes;
            copy.applicationPermissions = applicationPermissions;
            copy.groupMembershipClaims = groupMembershipClaims;
            copy.passwordCredentials = passwords == null ? passwordCredentials : List.copyOf(passwords);
            copy.keyCredentials = keys == null ? keyCredentials : List.copyOf(keys);
            return copy;
        }

        public boolean emitsDirectoryRoles() {
            return "DirectoryRole".equalsIgnoreCase(groupMembershipClaims)
                    || "All".equalsIgnoreCase(groupMembershipClaims);
        }
    }

    /** A client secret or certificate of an app registration, as Graph's passwordCredential / keyCredential. */
    public static class Credential {
        public String keyId;
        /** Entra's "Description". */
        public String displayName;
        /** A secret's first three characters (Graph's hint); null for certificates. */
        public String hint;
        /** ISO instants, e.g. 2027-03-01T00:00:00Z. */
        public String startDateTime;

        public String endDateTime;
    }

    public static class Tenant {
        public String id;
        public String displayName;
        public String domain;
        public List<User> users = new ArrayList<>();
        public List<Group> groups = new ArrayList<>();
    }

    public static class User {
        public String id;
        public String userPrincipalName;
        public String displayName;
        public String mail;
        public List<String> otherMails = new ArrayList<>();
        /** Graph's proxyAddresses: "SMTP:primary@…" and "smtp:alias@…". */
        public List<String> proxyAddresses = new ArrayList<>();
        /** "Member" (default) or "Guest". */
        public String userType;
        /** False for a disabled account (absent means enabled). */
        public Boolean accountEnabled;
        /** Directory role template ids (the wids claim). */
        public List<String> roles = new ArrayList<>();
    }

    public static class Group {
        public String id;
        public String displayName;
        public boolean securityEnabled;
        /** User or group ids. */
        public List<String> members = new ArrayList<>();
    }
}
