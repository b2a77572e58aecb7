/** Supervising a child program: restart policies, readiness, health, logs, tree kill. */
package io.svc4j.supervisor;
