package io.tenantlink.auditing;

import io.tenantlink.audit.AuditRecord;
import io.tenantlink.platform.text.SafeCsv;
import io.tenantlink.platform.web.Messages;
import java.io.IOException;
import java.io.Writer;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The grant history's CSV export, verifiable offline (docs/auditing.md): the first eleven columns are the record as
 * kept and hashed, with its previous hash (the hash of the record before it in the whole chain, also when the filter
 * left that one out) and its hash; the last three name the site, tenant and event for people and are not hashed.
 * No value is written as {@link #NULL}; a text cell that a spreadsheet would run as a formula, or that starts with an
 * apostrophe or is {@code \N}, gets one leading apostrophe, which a verifier removes.
 */
final class AuditCsv {

    static final String NULL = "\\N";
    static final String[] HEADER = {
        "seq",
        "occurred_at_utc",
        "actor",
        "action",
        "outcome",
        "site_id",
        "tenant_id",
        "subject",
        "detail",
        "previous_hash",
        "hash",
        "site",
        "tenant",
        "event"
    };

    private AuditCsv() {}

    static CSVPrinter printer(Writer writer) throws IOException {
        return new CSVPrinter(
                writer,
                CSVFormat.RFC4180
                        .builder()
                        .setHeader(HEADER)
                        .setNullString(NULL)
                        .get());
    }

    static void print(CSVPrinter printer, AuditRecord r, AuditNames names) {
        SafeCsv.printReversibleRecord(printer, NULL, row(r, names));
    }

    static Object[] row(AuditRecord r, AuditNames names) {
        return new Object[] {
            r.getSeq(),
            r.getOccurredAt(),
            r.getActor(),
            r.getAction(),
            r.getOutcome(),
            r.getSiteId(),
            r.getTenantId(),
            r.getSubject(),
            r.getDetail(),
            r.getPrevHash(),
            r.getHash(),
            names.site(r.getSiteId()),
            names.tenant(r.getTenantId()),
            Messages.get(Locale.ENGLISH, "audit.action." + r.getAction())
        };
    }
}
