package io.svc4j.windows.manager;

import io.svc4j.windows.lsa.AccountRights;
import io.svc4j.windows.lsa.LsaFailure;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** An in-memory local security policy: accounts that exist and the rights each holds. */
final class FakeAccountRights implements AccountRights {

  final Map<String, Set<String>> accounts = new LinkedHashMap<>();
  final List<String> calls = new ArrayList<>();
  Integer failAddWith;

  FakeAccountRights withAccount(String name, String... rights) {
    accounts.put(name.toLowerCase(), new HashSet<>(Set.of(rights)));
    return this;
  }

  private Set<String> existing(String account) {
    Set<String> rights = accounts.get(account.toLowerCase());
    if (rights == null) {
      throw new LsaFailure("LookupAccountName(" + account + ")", LsaFailure.NONE_MAPPED, 0, "");
    }
    return rights;
  }

  boolean holds(String account, String right) {
    return existing(account).contains(right);
  }

  @Override
  public Set<String> rights(String account) {
    calls.add("rights " + account);
    return Set.copyOf(existing(account));
  }

  @Override
  public void add(String account, String right) {
    calls.add("add " + account + " " + right);
    Set<String> rights = existing(account);
    if (failAddWith != null) {
      throw new LsaFailure("LsaAddAccountRights", failAddWith, 0xC0000022, "");
    }
    rights.add(right);
  }

  @Override
  public void remove(String account, String right) {
    calls.add("remove " + account + " " + right);
    existing(account).remove(right);
  }
}
