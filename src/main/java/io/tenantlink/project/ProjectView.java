package io.tenantlink.project;

/** A service project as its pages name it (heading, breadcrumb, links): no entity reaches a template. */
public record ProjectView(long id, String key, String name) {

    public static ProjectView of(ServiceProject project) {
        return new ProjectView(project.getId(), project.getKey(), project.getName());
    }
}
