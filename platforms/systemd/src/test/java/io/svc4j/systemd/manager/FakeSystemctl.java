package io.svc4j.systemd.manager;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Stands in for systemctl in unit tests of the manager's decisions: records each call (without the
 * fixed prefix) and answers per verb. The real systemctl is exercised by the namespace tests.
 */
final class FakeSystemctl implements CommandRunner {

  static final List<String> PREFIX = List.of("systemctl");

  final List<String> calls = new ArrayList<>();
  private final Map<String, Function<List<String>, Result>> answers = new HashMap<>();
  String showOutput = "LoadState=not-found\nActiveState=inactive\nSubState=dead\n";

  /** Answers calls whose verb (first argument after the options) is {@code verb}. */
  FakeSystemctl on(String verb, Function<List<String>, Result> answer) {
    answers.put(verb, answer);
    return this;
  }

  FakeSystemctl fail(String verb, String stderr) {
    return on(verb, args -> new Result(1, "", stderr, false));
  }

  @Override
  public Result run(List<String> command, Duration timeout) {
    List<String> args =
        command.subList(PREFIX.size(), command.size()).stream()
            .filter(a -> !a.startsWith("--no-ask-password") && !a.equals("--no-pager"))
            .toList();
    calls.add(String.join(" ", args));
    String verb = args.get(args.get(0).equals("--user") ? 1 : 0);
    Function<List<String>, Result> answer = answers.get(verb);
    if (answer != null) {
      return answer.apply(args);
    }
    return Result.ok(verb.equals("show") ? showOutput : "");
  }
}
