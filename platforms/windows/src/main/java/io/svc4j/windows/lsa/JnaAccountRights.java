package io.svc4j.windows.lsa;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Advapi32Util;
import com.sun.jna.platform.win32.Win32Exception;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * {@link AccountRights} through the LSA policy API: LookupAccountName (jna-platform's Advapi32Util)
 * for the SID, then LsaOpenPolicy with only the access each call needs, LsaEnumerateAccountRights /
 * LsaAddAccountRights / LsaRemoveAccountRights, LsaClose.
 */
public final class JnaAccountRights implements AccountRights {

  private static final LsaApi L = LsaApi.INSTANCE;

  @Override
  public Set<String> rights(String account) {
    Memory sid = sid(account);
    return withPolicy(
        LsaApi.POLICY_LOOKUP_NAMES,
        policy -> {
          PointerByReference rights = new PointerByReference();
          IntByReference count = new IntByReference();
          int status = L.LsaEnumerateAccountRights(policy, sid, rights, count);
          Set<String> out = new LinkedHashSet<>();
          if (status == LsaApi.STATUS_OBJECT_NAME_NOT_FOUND) {
            return out; // no rights assigned to the account at all
          }
          check("LsaEnumerateAccountRights", status);
          Pointer array = rights.getValue();
          try {
            int size = new LsaApi.LsaString().size();
            for (int i = 0; i < count.getValue(); i++) {
              out.add(new LsaApi.LsaString(array.share((long) i * size)).text());
            }
          } finally {
            L.LsaFreeMemory(array);
          }
          return out;
        });
  }

  @Override
  public void add(String account, String right) {
    Memory sid = sid(account);
    withPolicy(
        LsaApi.POLICY_LOOKUP_NAMES | LsaApi.POLICY_CREATE_ACCOUNT,
        policy -> {
          check(
              "LsaAddAccountRights",
              L.LsaAddAccountRights(policy, sid, LsaApi.LsaString.of(right), 1));
          return null;
        });
  }

  @Override
  public void remove(String account, String right) {
    Memory sid = sid(account);
    withPolicy(
        LsaApi.POLICY_LOOKUP_NAMES,
        policy -> {
          check(
              "LsaRemoveAccountRights",
              L.LsaRemoveAccountRights(policy, sid, (byte) 0, LsaApi.LsaString.of(right), 1));
          return null;
        });
  }

  /** The account's SID; ".\\user" (the SCM's local form) is looked up as "user". */
  private static Memory sid(String account) {
    String name = account.startsWith(".\\") ? account.substring(2) : account;
    byte[] bytes;
    try {
      bytes = Advapi32Util.getAccountByName(null, name).sid;
    } catch (Win32Exception e) {
      throw new LsaFailure("LookupAccountName(" + account + ")", e.getErrorCode(), 0, "");
    }
    Memory sid = new Memory(bytes.length);
    sid.write(0, bytes, 0, bytes.length);
    return sid;
  }

  private static <T> T withPolicy(int access, java.util.function.Function<Pointer, T> body) {
    PointerByReference handle = new PointerByReference();
    check("LsaOpenPolicy", L.LsaOpenPolicy(null, new LsaApi.ObjectAttributes(), access, handle));
    try {
      return body.apply(handle.getValue());
    } finally {
      L.LsaClose(handle.getValue());
    }
  }

  private static void check(String operation, int status) {
    if (status != 0) {
      throw new LsaFailure(operation, L.LsaNtStatusToWinError(status), status, "");
    }
  }
}
