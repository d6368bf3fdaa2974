package io.tenantlink.teams.web;

import jakarta.enterprise.context.SessionScoped;
import java.io.Serializable;

/** Where this browser goes back to after signing in to Teams (the incident it came from). No token is kept here. */
@SessionScoped
public class TeamsReturn implements Serializable {

    private static final long serialVersionUID = 1L;

    private String path;

    public synchronized void remember(String path) {
        this.path = path;
    }

    /** The remembered path, once; null when there is none. */
    public synchronized String take() {
        String taken = path;
        path = null;
        return taken;
    }
}
