package io.svc4j.registry.api;

/** Every error response's body: one line saying what is wrong and how to fix it. */
public record ApiError(String error) {}
