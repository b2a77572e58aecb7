/** Windows backend: being an SCM service, controlling services, the Event Log. */
package io.svc4j.windows;
