package io.tenantlink.platform.web;

/**
 * A request refused at the door for its input (control characters, invalid UTF-8, an oversized body): a CDI event the
 * audit log records. Carries the kind of problem only, never the value.
 */
public record InputRefused(String actor, String target, String reason) {}
