package io.tenantlink.platform;

import java.util.List;

/**
 * Input that breaks a domain rule. Carries a message-bundle key (and its arguments) so the page
 * can say what is wrong in the reader's language; nothing has been changed when it is thrown.
 */
public class InvalidInputException extends RuntimeException {

    private final String messageKey;
    private final transient List<Object> arguments;

    public InvalidInputException(String messageKey, Object... arguments) {
        super(messageKey);
        this.messageKey = messageKey;
        this.arguments = List.of(arguments);
    }

    public String messageKey() {
        return messageKey;
    }

    public Object[] arguments() {
        return arguments.toArray();
    }
}
