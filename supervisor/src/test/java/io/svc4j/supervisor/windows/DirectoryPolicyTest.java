package io.svc4j.supervisor.windows;

import static org.assertj.core.api.Assertions.assertThat;

import io.svc4j.supervisor.windows.DirectoryPolicy.Weakness;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The DACL decisions for svc4j's Windows directories, on DACLs as GetNamedSecurityInfo returns them
 * (written here by hand: the native reading is tested under Wine).
 */
class DirectoryPolicyTest {

  private static final String SELF = "S-1-5-19"; // LocalService, the default service account
  private static final String USERS = "S-1-5-32-545";
  private static final String EVERYONE = "S-1-1-0";
  private static final String AUTHENTICATED = "S-1-5-11";
  private static final String OTHER_USER = "S-1-5-21-1-2-3-1001";
  private static final int FULL = 0x1F01FF;
  private static final int READ_EXECUTE = 0x1200A9;
  private static final int OI_CI = 0x3;

  private final DirectoryPolicy policy = new DirectoryPolicy(SELF, false);

  private static List<DaclEntry> safe() {
    return List.of(
        new DaclEntry(DaclEntry.ACCESS_ALLOWED, OI_CI, FULL, DirectoryPolicy.SYSTEM, true),
        new DaclEntry(DaclEntry.ACCESS_ALLOWED, OI_CI, FULL, DirectoryPolicy.ADMINISTRATORS, true),
        new DaclEntry(DaclEntry.ACCESS_ALLOWED, OI_CI, FULL, SELF, true));
  }

  private static List<DaclEntry> with(DaclEntry extra) {
    var out = new java.util.ArrayList<>(safe());
    out.add(extra);
    return out;
  }

  @Test
  void createdDirectoriesGetAProtectedDaclForSystemAdministratorsAndTheServiceAccount() {
    assertThat(policy.sddl())
        .isEqualTo("D:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;OICI;FA;;;S-1-5-19)");
    assertThat(new DirectoryPolicy("S-1-5-21-9-9-9-500", true).sddl())
        .as(
            "an elevated administrator is covered by BA: no entry that another account would refuse")
        .isEqualTo("D:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)");
    assertThat(new DirectoryPolicy(DirectoryPolicy.SYSTEM, false).sddl())
        .isEqualTo("D:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)");
  }

  @Test
  void onlySystemAdministratorsAndTheServiceAccountWritingIsSafe() {
    assertThat(policy.check(new DirectoryAcl(SELF, safe()))).isEmpty();
    assertThat(policy.check(new DirectoryAcl(DirectoryPolicy.ADMINISTRATORS, safe()))).isEmpty();
    assertThat(policy.check(new DirectoryAcl(DirectoryPolicy.SYSTEM, safe()))).isEmpty();
    assertThat(policy.check(new DirectoryAcl(SELF, with(DaclEntry.allow(USERS, READ_EXECUTE)))))
        .as("others may read and list")
        .isEmpty();
  }

  @Test
  void programDataInheritanceLettingUsersCreateIsRefused() {
    // What a folder created in %ProgramData% inherits: Users may create files and folders.
    var inherited =
        with(new DaclEntry(DaclEntry.ACCESS_ALLOWED, 0x2 | 0x10, 0x6 | 0x10 | 0x100, USERS, true));
    assertThat(policy.check(new DirectoryAcl(DirectoryPolicy.ADMINISTRATORS, inherited)))
        .contains(new Weakness(USERS, Weakness.Kind.WRITE_ENTRY, 0x116));
  }

  @Test
  void everyWriteCreateOrDeleteRightForAnotherAccountIsRefused() {
    Map<String, Integer> rights =
        Map.ofEntries(
            Map.entry("write data / add file", 0x2),
            Map.entry("append data / add subdirectory", 0x4),
            Map.entry("write extended attributes", 0x10),
            Map.entry("delete child", 0x40),
            Map.entry("write attributes", 0x100),
            Map.entry("delete", 0x10000),
            Map.entry("write DAC", 0x40000),
            Map.entry("write owner", 0x80000),
            Map.entry("generic all", 0x10000000),
            Map.entry("generic write", 0x40000000),
            Map.entry("maximum allowed", 0x02000000),
            Map.entry("full control", FULL));
    rights.forEach(
        (what, mask) ->
            assertThat(
                    policy.check(
                        new DirectoryAcl(SELF, with(DaclEntry.allow(AUTHENTICATED, mask)))))
                .as(what)
                .contains(new Weakness(AUTHENTICATED, Weakness.Kind.WRITE_ENTRY, mask)));
  }

  @Test
  void inheritOnlyEntriesCountBecauseTheyApplyToWhatIsCreatedInside() {
    var entry =
        new DaclEntry(
            DaclEntry.ACCESS_ALLOWED, OI_CI | DaclEntry.INHERIT_ONLY, FULL, EVERYONE, true);
    assertThat(policy.check(new DirectoryAcl(SELF, with(entry))))
        .map(Weakness::sid)
        .contains(EVERYONE);
  }

  @Test
  void creatorOwnerEntriesAndDenyEntriesGrantNothingToOthers() {
    var creatorOwner =
        new DaclEntry(
            DaclEntry.ACCESS_ALLOWED, OI_CI | DaclEntry.INHERIT_ONLY, FULL, "S-1-3-0", true);
    assertThat(policy.check(new DirectoryAcl(SELF, with(creatorOwner)))).isEmpty();
    assertThat(policy.check(new DirectoryAcl(SELF, with(DaclEntry.deny(USERS, FULL))))).isEmpty();
  }

  @Test
  void anOwnerOutsideTheTrustedAccountsIsRefusedSinceItCanRewriteTheDacl() {
    assertThat(policy.check(new DirectoryAcl(OTHER_USER, safe())))
        .contains(new Weakness(OTHER_USER, Weakness.Kind.OWNER, 0));
    assertThat(policy.check(new DirectoryAcl(null, safe())))
        .map(Weakness::kind)
        .contains(Weakness.Kind.OWNER);
  }

  @Test
  void aNullDaclIsRefusedAndAnEmptyOneIsNot() {
    assertThat(policy.check(new DirectoryAcl(SELF, null)))
        .map(Weakness::kind)
        .contains(Weakness.Kind.NULL_DACL);
    assertThat(policy.check(new DirectoryAcl(SELF, List.of()))).isEmpty();
  }

  @Test
  void anAllowEntryWhoseLayoutIsNotReadIsRefusedRatherThanGuessed() {
    var callback = new DaclEntry(9, 0, 0, null, false); // ACCESS_ALLOWED_CALLBACK_ACE
    assertThat(policy.check(new DirectoryAcl(SELF, with(callback))))
        .contains(new Weakness(null, Weakness.Kind.UNREADABLE_ENTRY, 9));
    var deniedCallback = new DaclEntry(10, 0, 0, null, false);
    assertThat(policy.check(new DirectoryAcl(SELF, with(deniedCallback)))).isEmpty();
  }

  @Test
  void theRefusalIsOneLineNamingWhoMayWriteAndTheFix() {
    Path dir = Path.of("state");
    var weakness = new Weakness(USERS, Weakness.Kind.WRITE_ENTRY, 0x6);
    String message =
        DirectoryRefusal.message(
            dir,
            "state",
            policy,
            weakness,
            sid -> sid.equals(USERS) ? "BUILTIN\\Users" : "NAME(" + sid + ")");
    assertThat(message)
        .doesNotContain("\n")
        .startsWith("the state directory state is not safe: BUILTIN\\Users (S-1-5-32-545) may")
        .contains("icacls \"state\" /inheritance:r /grant:r *S-1-5-18:(OI)(CI)F")
        .contains("*S-1-5-32-544:(OI)(CI)F *S-1-5-19:(OI)(CI)F")
        .contains("icacls \"state\" /remove:g *S-1-5-32-545")
        .contains("or delete it");
    String owner =
        DirectoryRefusal.message(
            dir, "log", policy, new Weakness(OTHER_USER, Weakness.Kind.OWNER, 0), sid -> sid);
    assertThat(owner).contains("owns it").contains("/setowner *S-1-5-32-544");
  }
}
