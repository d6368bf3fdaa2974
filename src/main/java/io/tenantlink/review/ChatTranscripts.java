package io.tenantlink.review;

import java.time.Instant;
import java.util.List;

/**
 * Reads an incident chat's messages for a review (Microsoft Teams implements it, as the person who clicks): the review
 * feature knows no chat. Unsatisfied when no such feature is deployed.
 */
public interface ChatTranscripts {

    /** One message people wrote (no system events, nothing deleted): sender's display name, when, body as sent. */
    record Message(String sender, Instant sentAt, String content, boolean html) {}

    sealed interface Outcome permits Exported, SignInNeeded, Refused {}

    /** The messages, newest first, at most the {@code max} asked for; {@code more}: older ones were left out. */
    record Exported(List<Message> newestFirst, boolean more) implements Outcome {
        public Exported {
            newestFirst = List.copyOf(newestFirst);
        }
    }

    /** The person has not signed in to Microsoft Teams for the chat's tenant, or must sign in again. */
    record SignInNeeded() implements Outcome {}

    /** Not possible now; why, as a messages key with its arguments. */
    record Refused(String messageKey, List<Object> arguments) implements Outcome {
        public Refused {
            arguments = List.copyOf(arguments);
        }
    }

    /** The incident chat's messages as the portal account {@code accountId} may read them, at most {@code max}. */
    Outcome export(long incidentId, long accountId, int max) throws InterruptedException;
}
