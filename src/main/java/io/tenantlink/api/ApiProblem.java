package io.tenantlink.api;

/** An API refusal with its status, a short slug for the problem type, and the detail in plain words. */
public class ApiProblem extends RuntimeException {

    private final int status;
    private final String slug;
    private final String title;
    private final String detail;

    public ApiProblem(int status, String slug, String title, String detail) {
        super(slug, null, false, false);
        this.status = status;
        this.slug = slug;
        this.title = title;
        this.detail = detail;
    }

    public int status() {
        return status;
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return detail;
    }
}
