package io.tenantlink.ledger;

import java.time.Instant;
import java.util.List;

/**
 * A tenant connection's grant ledger as the page shows it: per app of the catalog (ChatOps first), per permission,
 * whether it holds now (from the consent doctor's last check) and how it came to be granted or removed.
 *
 * @param apps one entry per app, in catalog order with ChatOps first
 * @param checked whether the consent doctor has checked this tenant at all
 * @param anyHistory whether any event is known for any permission
 */
public record LedgerView(List<App> apps, boolean checked, boolean anyHistory) {

    public LedgerView {
        apps = List.copyOf(apps);
    }

    /** Nothing recorded and nothing checked: the page shows its empty state. */
    public boolean empty() {
        return !checked && !anyHistory;
    }

    /**
     * One app: its catalog key, its install state at the last check (null: not checked), when that check ran, and
     * its permissions (delegated first, then application; each sorted by name).
     */
    public record App(String key, Installed installed, Instant checkedAt, List<Permission> permissions) {
        public App {
            permissions = List.copyOf(permissions);
        }

        public String nameKey() {
            return "feature." + key + ".name";
        }

        public String installedKey() {
            return installed == null ? "ledger.installed.NOT_CHECKED" : "ledger.installed." + installed.name();
        }
    }

    /** The app in the tenant at the last check. */
    public enum Installed {
        INSTALLED,
        NOT_INSTALLED,
        NOT_CONFIGURED
    }

    /**
     * One permission of one app: its name, whether it is delegated or an application permission, whether the catalog
     * asks for it, its status now, and its history (oldest first).
     */
    public record Permission(String name, Type type, boolean inCatalog, Status status, List<Event> history) {
        public Permission {
            history = List.copyOf(history);
        }

        public String typeKey() {
            return "ledger.type." + type.name();
        }

        public String statusKey() {
            return "ledger.status." + status.name();
        }

        /** The badge's style: holds (green), missing (red), the rest neutral. */
        public String statusStyle() {
            return switch (status) {
                case HOLDS, EXTRA -> "badge-success";
                case MISSING -> "badge-failure";
                default -> "badge-neutral";
            };
        }

        /** An element id unique on the page: the type and the permission name. */
        public String anchor(String appKey) {
            return "perm-" + appKey + "-" + type.name().toLowerCase(java.util.Locale.ROOT) + "-"
                    + name.replaceAll("[^A-Za-z0-9]", "-");
        }
    }

    public enum Type {
        DELEGATED,
        APPLICATION
    }

    /** What the consent doctor's last check says of a permission. */
    public enum Status {
        /** Granted, as the catalog asks. */
        HOLDS,
        /** Granted, though the catalog does not ask for it. */
        EXTRA,
        /** Required and not granted, or granted once and gone since. */
        MISSING,
        /** Never granted and not required (an optional scope, or an app not installed). */
        NOT_GRANTED,
        /** No check yet, or no app configured to check. */
        NOT_CHECKED
    }

    /**
     * One event in a permission's history.
     *
     * @param seq the audit record's number (null: seen by the consent doctor's check, with no record of its own)
     * @param who how people read who granted or removed it (null: not known, e.g. granted outside TenantLink)
     * @param onBehalfOf the portal account that asked for it, in plain words (Give permission), or who shared the link
     * @param users how many chosen users a job granted it to (0: not a job)
     * @param job the grant job's number, when a job granted it
     */
    public record Event(Long seq, Instant at, Path path, String who, String onBehalfOf, int users, Long job) {

        public String pathKey() {
            return "ledger.path." + path.name();
        }

        public boolean granted() {
            return path.granted();
        }

        /** "granted by {0}", "approved by {0}", …: how the page words who acted on this path. */
        public String whoKey() {
            return who == null ? "ledger.who.unknown." + path.name() : "ledger.who." + path.name();
        }

        /** "asked for by {0}" (Give permission) or "link shared by {0}" (approval link), or null. */
        public String onBehalfKey() {
            return onBehalfOf == null ? null : "ledger.onBehalf." + path.name();
        }
    }

    /** How a permission was granted or removed. */
    public enum Path {
        GIVE_PERMISSION(true),
        APPROVAL_LINK(true),
        CHOSEN_USERS(true),
        IN_PLACE_AT_SIGN_IN(true),
        FOUND_OUTSIDE(true),
        REMOVED_THROUGH_TENANTLINK(false),
        FOUND_REMOVED(false);

        private final boolean granted;

        Path(boolean granted) {
            this.granted = granted;
        }

        public boolean granted() {
            return granted;
        }
    }
}
