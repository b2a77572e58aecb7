package io.svc4j.cli.watch;

import io.svc4j.supervisor.config.ChildNames;
import io.svc4j.supervisor.config.ConfigException;
import io.svc4j.watcher.PathFilter;
import io.svc4j.watcher.WatchOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One watch of a {@link WatchConfig} (YAML {@code watches[N]}).
 *
 * @param name for logs and the POST body; default {@code watch-N}
 * @param paths directories watched recursively (relative to the file's directory)
 * @param include globs of the changes reported (a glob without / matches the file name)
 * @param exclude globs of the changes not reported
 * @param debounce quiet time before a batch settles (default 50ms)
 * @param actions what each settled batch does, in this order
 * @param state where the trees' state is saved on stop and compared with on start (optional)
 * @param hash globs of the files whose content is hashed in the state (judged by content)
 */
record WatchSettings(
    String name,
    List<Path> paths,
    List<String> include,
    List<String> exclude,
    Duration debounce,
    List<WatchAction> actions,
    Path state,
    List<String> hash) {

  WatchSettings {
    if (name != null && !ChildNames.isValid(name)) {
      throw new ConfigException(
          "name", "'" + name + "' is not a name: use letters, digits, '.', '_' and '-'");
    }
    if (paths == null || paths.isEmpty()) {
      throw new ConfigException("paths", "give at least one directory to watch, e.g. [conf]");
    }
    paths = List.copyOf(paths);
    include = include == null ? List.of() : List.copyOf(include);
    exclude = exclude == null ? List.of() : List.copyOf(exclude);
    for (int i = 0; i < include.size(); i++) {
      checkGlob(include.get(i), "include[" + i + "]");
    }
    for (int i = 0; i < exclude.size(); i++) {
      checkGlob(exclude.get(i), "exclude[" + i + "]");
    }
    debounce = debounce == null ? WatchOptions.DEFAULT_DEBOUNCE : debounce;
    if (debounce.isNegative()) {
      throw new ConfigException("debounce", "must not be negative, got " + debounce);
    }
    if (actions == null || actions.isEmpty()) {
      throw new ConfigException(
          "actions", "give at least one action: run, post, reload, restart or log");
    }
    actions = List.copyOf(actions);
    hash = hash == null ? List.of() : List.copyOf(hash);
    for (int i = 0; i < hash.size(); i++) {
      checkGlob(hash.get(i), "hash[" + i + "]");
    }
    if (!hash.isEmpty() && state == null) {
      throw new ConfigException("hash", "only goes with state: name a state file too");
    }
  }

  private static void checkGlob(String glob, String setting) {
    try {
      PathFilter.check(glob);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(setting, e.getMessage());
    }
  }

  PathFilter filter() {
    return PathFilter.of(include, exclude);
  }

  WatchSettings withPaths(List<Path> resolved) {
    return new WatchSettings(name, resolved, include, exclude, debounce, actions, state, hash);
  }

  WatchSettings withState(Path resolved) {
    return new WatchSettings(name, paths, include, exclude, debounce, actions, resolved, hash);
  }

  WatchSettings withActions(List<WatchAction> resolved) {
    return new WatchSettings(name, paths, include, exclude, debounce, resolved, state, hash);
  }
}
