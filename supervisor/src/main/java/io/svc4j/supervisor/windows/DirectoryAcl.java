package io.svc4j.supervisor.windows;

import java.util.List;

/**
 * A directory's owner and DACL as read back with GetNamedSecurityInfo. {@code dacl} is null for a
 * NULL DACL (everyone has every right), which is not the same as an empty DACL (nobody has any).
 */
record DirectoryAcl(String ownerSid, List<DaclEntry> dacl) {}
