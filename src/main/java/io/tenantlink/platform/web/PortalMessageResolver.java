package io.tenantlink.platform.web;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.thymeleaf.messageresolver.StandardMessageResolver;

/**
 * Thymeleaf's message resolver with each message's {@link MessageFormat} parsed once: Thymeleaf parses the message
 * again for every {@code #{key(args)}} it renders (3 % of a site's tenants page in a JFR profile, issue 16). A parsed
 * format is copied for each use ({@code MessageFormat} is not thread-safe); the text is the same.
 */
public class PortalMessageResolver extends StandardMessageResolver {

    /** The bundle's messages are a few hundred; a bound in case a template builds keys from data. */
    private static final int MAX_FORMATS = 5_000;

    private final Map<Locale, Map<String, MessageFormat>> formats = new ConcurrentHashMap<>();

    @Override
    protected String formatMessage(Locale locale, String message, Object[] messageParameters) {
        if (message == null || messageParameters == null || messageParameters.length == 0) {
            return super.formatMessage(locale, message, messageParameters);
        }
        Map<String, MessageFormat> ofLocale = formats.computeIfAbsent(locale, l -> new ConcurrentHashMap<>());
        MessageFormat parsed = ofLocale.get(message);
        if (parsed == null) {
            parsed = new MessageFormat(message, locale);
            if (ofLocale.size() < MAX_FORMATS) {
                ofLocale.put(message, parsed);
            }
        }
        return ((MessageFormat) parsed.clone()).format(messageParameters);
    }
}
