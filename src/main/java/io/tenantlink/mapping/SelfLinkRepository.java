package io.tenantlink.mapping;

import java.util.List;
import java.util.Optional;

/** Self-link invitations. */
public interface SelfLinkRepository {

    void add(SelfLinkInvitation invitation);

    Optional<SelfLinkInvitation> find(long id);

    Optional<SelfLinkInvitation> byTokenHash(String tokenHash);

    /** The person's invitations in this connection that are not closed (they may have expired). */
    List<SelfLinkInvitation> unclosed(long connectionId, long personId);
}
