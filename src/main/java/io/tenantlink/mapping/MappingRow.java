package io.tenantlink.mapping;

import io.tenantlink.mapping.PersonMappings.MappedUser;
import io.tenantlink.mapping.PersonMappings.MappingOutcome;

/**
 * What a stored mapping says about its outcome: the columns a recompute writes ({@link PersonMapping#apply} and the
 * set-based recompute of a whole site both store exactly this), so an unchanged outcome is recognised and not written.
 */
public record MappingRow(
        MappingKind outcome, String reasonKey, String objectId, String displayName, String mail, String candidates) {

    public static MappingRow of(MappingOutcome result) {
        MappedUser user = result.user().orElse(null);
        String ids = String.join(
                ",", result.candidates().stream().map(MappedUser::objectId).toList());
        return new MappingRow(
                result.kind(),
                result.reasonKey(),
                user == null ? null : user.objectId(),
                user == null ? null : DirectoryUser.clip(user.displayName(), 256),
                user == null ? null : DirectoryUser.clip(user.mail(), 320),
                ids.isEmpty() ? null : DirectoryUser.clip(ids, 2000));
    }
}
