package io.tenantlink.microsoft;

import java.util.List;
import java.util.Optional;

/** Where the notification certificates are kept (every instance of the portal reads the same ones). */
public interface NotificationCertificateStore {

    /** Every certificate, newest first. */
    List<NotificationCertificateRow> all();

    Optional<NotificationCertificateRow> find(String certificateId);

    /** Adds one in a transaction of its own. */
    void add(NotificationCertificateRow row);
}
