package io.svc4j.supervisor.linux;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code dup2} steps that put descriptors at fixed numbers in a spawned child (the output pipes
 * at 1 and 2, the listening sockets at 3, 4, ...), whatever numbers they have in the supervisor.
 *
 * <p>Placing them one after the other in place breaks when a descriptor sits where an earlier one
 * goes: that {@code dup2} closes it before it is copied (the child then gets one socket twice, or a
 * closed fd). And a descriptor already at its own number would need {@code dup2(fd, fd)}, which
 * POSIX long left without effect, so its close-on-exec flag stayed and the exec closed it. So it
 * takes two passes: first every descriptor is copied to a free number above every target ({@link
 * #staging()}: no source and no target is overwritten there), then each copy goes to its target
 * ({@link #placing()}: every source is safe by then). Every {@code dup2} is between two different
 * numbers, so each placed descriptor loses close-on-exec. The copies are then above every target,
 * where the caller's {@code closefrom} closes them.
 */
final class DescriptorPlacement {

  /** One {@code dup2(from, to)}. */
  record Move(int from, int to) {}

  private final List<Move> staging;
  private final List<Move> placing;

  private DescriptorPlacement(List<Move> staging, List<Move> placing) {
    this.staging = List.copyOf(staging);
    this.placing = List.copyOf(placing);
  }

  /**
   * @param wanted each descriptor of the supervisor ({@link Move#from}) and the number it must have
   *     in the child ({@link Move#to}); targets distinct, all below {@code keepBelow}
   * @param keepBelow the child's first descriptor to be closed after the moves (the caller's
   *     closefrom): the copies go there or above
   */
  static DescriptorPlacement of(List<Move> wanted, int keepBelow) {
    Set<Integer> sources = new HashSet<>();
    Set<Integer> targets = new HashSet<>();
    for (Move m : wanted) {
      if (m.from() < 0 || m.to() < 0 || m.to() >= keepBelow || !targets.add(m.to())) {
        throw new IllegalArgumentException("bad descriptor placement " + wanted);
      }
      sources.add(m.from());
    }
    List<Move> staging = new ArrayList<>(wanted.size());
    List<Move> placing = new ArrayList<>(wanted.size());
    int free = keepBelow;
    for (Move m : wanted) {
      while (sources.contains(free)) {
        free++;
      }
      staging.add(new Move(m.from(), free));
      placing.add(new Move(free, m.to()));
      free++;
    }
    return new DescriptorPlacement(staging, placing);
  }

  /** First pass: each source to its own free number at or above keepBelow. */
  List<Move> staging() {
    return staging;
  }

  /** Second pass: each copy to its target. */
  List<Move> placing() {
    return placing;
  }
}
