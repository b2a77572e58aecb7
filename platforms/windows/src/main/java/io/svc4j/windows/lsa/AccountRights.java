package io.svc4j.windows.lsa;

import java.util.Set;

/**
 * The local security policy's account rights (User Rights Assignment in secpol.msc), as a seam:
 * {@link JnaAccountRights} calls the LSA policy API, tests use a fake. Accounts are named as the
 * SCM names them ({@code DOMAIN\\user}, {@code .\\user}, {@code DOMAIN\\gmsa$}).
 */
public interface AccountRights {

  /** The right a service account needs to be started by the SCM ("Log on as a service"). */
  String SERVICE_LOGON = "SeServiceLogonRight";

  /**
   * The rights assigned to the account itself (not those it has through a group).
   *
   * @throws LsaFailure if the account does not exist or the policy cannot be read
   */
  Set<String> rights(String account);

  /** Assigns a right (LsaAddAccountRights); assigning one already held is no error. */
  void add(String account, String right);

  /** Takes a right away (LsaRemoveAccountRights); other rights stay. */
  void remove(String account, String right);
}
