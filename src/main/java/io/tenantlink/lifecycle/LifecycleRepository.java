package io.tenantlink.lifecycle;

import java.util.List;
import java.util.Optional;

public interface LifecycleRepository {

    /** The site's warnings, most urgent first. */
    List<LifecycleWarning> warnings(long siteId);

    Optional<LifecycleWarning> warning(long siteId, long warningId);

    void add(LifecycleWarning warning);

    void remove(LifecycleWarning warning);

    List<LifecycleRecipient> recipients(long siteId);

    Optional<LifecycleRecipient> recipient(long siteId, long accountId);

    void add(LifecycleRecipient recipient);

    /** Where the last check found each app's credential dates (one row per app, made by V32). */
    List<CredentialSource> credentialSources();
}
