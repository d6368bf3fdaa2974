package io.tenantlink.platform.web;

import io.tenantlink.platform.security.CurrentUser;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;
import java.util.Locale;

/** What the layout needs on every page: who is signed in, which navigation to offer, banners and flashes. */
@RequestScoped
@Named("page")
public class PageContext {

    public record ShownMessage(String kind, String text) {}

    @Inject
    CurrentUser currentUser;

    @Inject
    PageFacts facts;

    @Inject
    Flash flash;

    @Inject
    io.tenantlink.platform.RunMode runMode;

    private List<ShownMessage> messages;

    public boolean isSandbox() {
        return runMode.isSandbox();
    }

    public boolean isSignedIn() {
        return currentUser.isSignedIn();
    }

    public String getUsername() {
        return currentUser.username();
    }

    public boolean isOperator() {
        return isSignedIn() && facts.operator();
    }

    public int getPasswordMinLength() {
        return facts.passwordMinLength();
    }

    /** Flash messages, resolved once per request so the layout can ask twice. */
    public List<ShownMessage> getMessages() {
        if (messages == null) {
            messages = flash.take().stream()
                    .map(m -> new ShownMessage(
                            m.kind().name().toLowerCase(Locale.ROOT),
                            Messages.get(Locale.ENGLISH, m.key(), m.arguments().toArray())))
                    .toList();
        }
        return messages;
    }
}
