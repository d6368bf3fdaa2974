package io.tenantlink.platform.web;

import jakarta.enterprise.context.SessionScoped;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/** Messages that survive one redirect (post/redirect/get) and are shown once. */
@SessionScoped
public class Flash implements Serializable {

    private static final long serialVersionUID = 1L;

    public enum Kind {
        SUCCESS,
        ERROR,
        INFO
    }

    public record Message(Kind kind, String key, List<String> arguments) implements Serializable {}

    private final List<Message> pending = new ArrayList<>();

    public synchronized void success(String key, Object... arguments) {
        add(Kind.SUCCESS, key, arguments);
    }

    public synchronized void error(String key, Object... arguments) {
        add(Kind.ERROR, key, arguments);
    }

    private void add(Kind kind, String key, Object... arguments) {
        List<String> args = new ArrayList<>();
        for (Object argument : arguments) {
            args.add(String.valueOf(argument));
        }
        pending.add(new Message(kind, key, List.copyOf(args)));
    }

    public synchronized List<Message> take() {
        List<Message> taken = List.copyOf(pending);
        pending.clear();
        return taken;
    }
}
