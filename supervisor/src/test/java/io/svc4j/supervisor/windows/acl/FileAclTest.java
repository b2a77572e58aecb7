package io.svc4j.supervisor.windows.acl;

import static org.assertj.core.api.Assertions.assertThat;

import io.svc4j.supervisor.windows.acl.FileAcl.Ace;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Windows trust decision for a secrets file, on DACLs as GetFileSecurity returns them (the
 * reading itself runs under Wine in e2e-windows).
 */
class FileAclTest {

  private static final Path FILE = Path.of("C:\\svc\\web.env");
  private static final String USERS = "S-1-5-32-545";
  private static final String EVERYONE = "S-1-1-0";
  private static final String ALICE = "S-1-5-21-1-2-3-1001";
  private static final int FULL = 0x1F01FF;
  private static final int READ_EXECUTE = 0x1200A9;

  private static Ace allow(String sid, int mask) {
    return new Ace(0, 0, mask, sid);
  }

  @Test
  void onlySystemAndAdministratorsIsTrustedAndNotReadableByOthers() {
    FileAcl acl =
        new FileAcl(
            FileAcl.ADMINISTRATORS,
            List.of(allow(FileAcl.SYSTEM, FULL), allow(FileAcl.ADMINISTRATORS, FULL)));
    assertThat(acl.untrusted(FILE)).isEmpty();
    assertThat(acl.readableByOthers()).isFalse();
  }

  @Test
  void whatProgramDataGivesUsers_readAndCreate_isReadableButNotTrustedForWrite() {
    // %ProgramData%'s inherited ACEs: Users may read, and append data (create files) there.
    FileAcl acl =
        new FileAcl(
            FileAcl.SYSTEM,
            List.of(
                allow(FileAcl.SYSTEM, FULL),
                allow(FileAcl.ADMINISTRATORS, FULL),
                allow(USERS, READ_EXECUTE),
                allow(USERS, 0x6 /* write data, append data */)));
    assertThat(acl.untrusted(FILE)).get().asString().contains("can be changed by").contains(USERS);
    assertThat(acl.readableByOthers()).isTrue();
  }

  @Test
  void readOnlyForUsersIsTrustedButReadable() {
    FileAcl acl =
        new FileAcl(
            FileAcl.SYSTEM, List.of(allow(FileAcl.SYSTEM, FULL), allow(USERS, READ_EXECUTE)));
    assertThat(acl.untrusted(FILE)).isEmpty();
    assertThat(acl.readableByOthers()).isTrue();
  }

  @Test
  void anyWriteRightOfAnotherAccountIsRefused() {
    for (int right :
        new int[] {0x2, 0x4, 0x10, 0x10000, 0x40000, 0x80000, 0x10000000, 0x40000000, FULL}) {
      FileAcl acl = new FileAcl(FileAcl.SYSTEM, List.of(allow(EVERYONE, right)));
      assertThat(acl.untrusted(FILE)).as("right 0x%x", right).isPresent();
    }
  }

  @Test
  void aForeignOwnerMayRewriteTheAclAndIsRefused() {
    FileAcl acl = new FileAcl(ALICE, List.of(allow(FileAcl.SYSTEM, FULL)));
    assertThat(acl.untrusted(FILE))
        .get()
        .asString()
        .contains("is owned by")
        .contains(ALICE)
        .contains("icacls");
  }

  @Test
  void aNullDaclLetsEveryoneDoEverything() {
    FileAcl acl = new FileAcl(FileAcl.SYSTEM, null);
    assertThat(acl.untrusted(FILE)).get().asString().contains("has no DACL");
    assertThat(acl.readableByOthers()).isTrue();
  }

  @Test
  void denyAndInheritOnlyEntriesGrantNothing() {
    FileAcl acl =
        new FileAcl(
            FileAcl.SYSTEM,
            List.of(
                new Ace(1, 0, FULL, EVERYONE), // deny
                new Ace(0, 0x08, FULL, "S-1-3-0"), // CREATOR OWNER, inherit only
                allow(FileAcl.SYSTEM, FULL)));
    assertThat(acl.untrusted(FILE)).isEmpty();
    assertThat(acl.readableByOthers()).isFalse();
  }
}
