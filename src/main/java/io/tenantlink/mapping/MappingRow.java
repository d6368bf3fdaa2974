package io.tenantlink.mapping;

import io.tenantlink.mapping.PersonMappings.MappedUser;
import io.tenantlink.mapping.PersonMappings.MappingOutcome;

/**
 * What a stored mapping says about its outcome: the columns a recompute writes ({@link PersonMapping#apply} and the
 * set-based recompute of a whole site both store exactly this), so an unchanged outcome is recognised and not written.
 */
public record MappingRow(
        MappingKind outcome, String reasonKey, String objectId, String displayName, String mail, String candidates) {

    /** What the mapping stores for the rules' result; {@code source}: who chose the user, if anyone. */
    public static MappingRow of(MappingOutcome result, PersonMapping.Source source) {
        MappingKind kind = result.kind();
        String reasonKey = result.reasonKey();
        if (source == PersonMapping.Source.SELF_LINK && kind == MappingKind.OVERRIDE) {
            // The rules see a chosen user; who chose it (the person, by signing in) decides what people read.
            if (result.user().isPresent()) {
                kind = MappingKind.SELF_LINKED;
                reasonKey = PersonMapping.REASON_SELF_LINKED;
            } else {
                reasonKey = MatchRules.REASON_OVERRIDE_DISABLED.equals(reasonKey)
                        ? PersonMapping.REASON_SELF_LINK_DISABLED
                        : PersonMapping.REASON_SELF_LINK_REMOVED;
            }
        }
        MappedUser user = result.user().orElse(null);
        String ids = String.join(
                ",", result.candidates().stream().map(MappedUser::objectId).toList());
        return new MappingRow(
                kind,
                reasonKey,
                user == null ? null : user.objectId(),
                user == null ? null : DirectoryUser.clip(user.displayName(), 256),
                user == null ? null : DirectoryUser.clip(user.mail(), 320),
                ids.isEmpty() ? null : DirectoryUser.clip(ids, 2000));
    }
}
