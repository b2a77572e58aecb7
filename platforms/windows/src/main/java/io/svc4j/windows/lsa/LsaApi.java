package io.svc4j.windows.lsa;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import com.sun.jna.win32.StdCallLibrary;
import com.sun.jna.win32.W32APIOptions;

/**
 * The LSA policy functions of advapi32.dll that jna-platform 5.17 does not bind (it has only the
 * LSA_UNICODE_STRING and forest-trust structures). Each returns an NTSTATUS, turned into a Win32
 * error with {@link #LsaNtStatusToWinError}.
 */
interface LsaApi extends StdCallLibrary {

  LsaApi INSTANCE = Native.load("advapi32", LsaApi.class, W32APIOptions.UNICODE_OPTIONS);

  /** POLICY_LOOKUP_NAMES: enough to enumerate and remove an account's rights. */
  int POLICY_LOOKUP_NAMES = 0x00000800;

  /** POLICY_CREATE_ACCOUNT: LsaAddAccountRights may need to create the account object. */
  int POLICY_CREATE_ACCOUNT = 0x00000010;

  /** STATUS_OBJECT_NAME_NOT_FOUND: the account holds no rights at all (an empty answer). */
  int STATUS_OBJECT_NAME_NOT_FOUND = 0xC0000034;

  int LsaOpenPolicy(
      LsaString systemName, ObjectAttributes attributes, int access, PointerByReference policy);

  int LsaEnumerateAccountRights(
      Pointer policy, Pointer sid, PointerByReference rights, IntByReference count);

  int LsaAddAccountRights(Pointer policy, Pointer sid, LsaString rights, int count);

  int LsaRemoveAccountRights(
      Pointer policy, Pointer sid, byte allRights, LsaString rights, int count);

  int LsaFreeMemory(Pointer buffer);

  int LsaClose(Pointer policy);

  int LsaNtStatusToWinError(int status);

  /** LSA_UNICODE_STRING: lengths in bytes, the buffer not NUL-terminated. */
  @Structure.FieldOrder({"Length", "MaximumLength", "Buffer"})
  class LsaString extends Structure {
    public short Length;
    public short MaximumLength;
    public Pointer Buffer;

    public LsaString() {}

    LsaString(Pointer at) {
      super(at);
      read();
    }

    /** A string whose buffer JNA keeps alive as long as this structure. */
    static LsaString of(String text) {
      LsaString s = new LsaString();
      com.sun.jna.Memory memory = new com.sun.jna.Memory((text.length() + 1L) * 2);
      memory.setWideString(0, text);
      s.Buffer = memory;
      s.Length = (short) (text.length() * 2);
      s.MaximumLength = (short) ((text.length() + 1) * 2);
      return s;
    }

    String text() {
      return Buffer == null ? "" : new String(Buffer.getCharArray(0, (Length & 0xFFFF) / 2));
    }
  }

  /** LSA_OBJECT_ATTRIBUTES: unused by LsaOpenPolicy, but must be zeroed with its length set. */
  @Structure.FieldOrder({
    "Length",
    "RootDirectory",
    "ObjectName",
    "Attributes",
    "SecurityDescriptor",
    "SecurityQualityOfService"
  })
  class ObjectAttributes extends Structure {
    public int Length;
    public Pointer RootDirectory;
    public Pointer ObjectName;
    public int Attributes;
    public Pointer SecurityDescriptor;
    public Pointer SecurityQualityOfService;

    public ObjectAttributes() {
      Length = size();
    }
  }
}
