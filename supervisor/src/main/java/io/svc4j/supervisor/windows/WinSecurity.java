package io.svc4j.supervisor.windows;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import com.sun.jna.win32.StdCallLibrary;
import com.sun.jna.win32.W32APIOptions;

/** The Advapi32 security functions jna-platform does not bind (SDDL conversion, membership). */
interface WinSecurity extends StdCallLibrary {

  WinSecurity INSTANCE = Native.load("advapi32", WinSecurity.class, W32APIOptions.DEFAULT_OPTIONS);

  int SDDL_REVISION_1 = 1;

  /** The result is a self-relative descriptor to free with LocalFree. */
  boolean ConvertStringSecurityDescriptorToSecurityDescriptor(
      String sddl, int revision, PointerByReference descriptor, IntByReference size);

  boolean ConvertSecurityDescriptorToStringSecurityDescriptor(
      Pointer descriptor,
      int revision,
      int information,
      PointerByReference sddl,
      IntByReference size);

  /** {@code token} null: the calling thread's effective token; deny-only groups do not count. */
  boolean CheckTokenMembership(WinNT.HANDLE token, WinNT.PSID sid, IntByReference isMember);
}
