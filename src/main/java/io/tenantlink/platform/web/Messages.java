package io.tenantlink.platform.web;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.Properties;
import java.util.ResourceBundle;

/** The one messages bundle (i18n/messages*.properties) for templates and Java code alike. */
public final class Messages {

    public static final String BUNDLE = "i18n.messages";

    private Messages() {}

    public static ResourceBundle bundle(Locale locale) {
        return ResourceBundle.getBundle(BUNDLE, locale, Messages.class.getClassLoader());
    }

    public static String get(Locale locale, String key, Object... args) {
        try {
            String pattern = bundle(locale).getString(key);
            return args.length == 0 ? pattern : new MessageFormat(pattern, locale).format(args);
        } catch (MissingResourceException e) {
            return "??" + key + "??";
        }
    }

    public static Properties asProperties(Locale locale) {
        ResourceBundle bundle = bundle(locale);
        Properties properties = new Properties();
        for (String key : bundle.keySet()) {
            properties.setProperty(key, bundle.getString(key));
        }
        return properties;
    }
}
