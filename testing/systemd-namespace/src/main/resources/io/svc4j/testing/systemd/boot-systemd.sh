#!/bin/sh
# Runs as PID 1 of fresh pid/mount/net/uts namespaces (started by SystemdNamespace through unshare).
# The filesystem below is the host's: before systemd may touch anything, every place it writes at boot
# is covered by a private tmpfs, and the boot-time units that would change host state are masked.
# Any failure stops here, before systemd is exec'd.
set -eu

fail() {
  echo "boot-systemd: $*" >&2
  exit 1
}

# Prints the source of the topmost mount on $1 (field after the fs type in mountinfo).
mount_source() {
  awk -v d="$1" '$5 == d { for (i = 7; i < NF; i++) if ($i == "-") s = $(i + 2) } END { print s }' /proc/self/mountinfo
}

[ "$$" = 1 ] || fail "must run as PID 1 of a new pid namespace (got pid $$)"

# Nothing mounted below may propagate back to the host's mount namespace.
mount --make-rprivate / || fail "mount --make-rprivate / failed"

# The checkout (jars, scripts, the run directory) must stay visible inside even when it lives under
# one of the directories masked below (a CI clone under /tmp): hold it open now, bind it back later.
keep="${SVC4J_E2E_KEEP:-}"
if [ -z "$keep" ]; then
  keep="$(cd "$(dirname "$0")" && pwd)"
  while [ "$keep" != / ] && [ ! -d "$keep/.ci" ]; do keep="$(dirname "$keep")"; done
  [ "$keep" != / ] || keep="$(cd "$(dirname "$0")" && pwd)"
fi
keep_id="$(stat -c %d:%i "$keep")" || fail "cannot stat $keep"
exec 9<"$keep"

# systemd-tmpfiles at boot empties /tmp (Debian's tmp.conf has 'D /tmp'); units installed by tests
# must never land in the host's /etc/systemd/system; journald and systemd keep state under /var.
for dir in /tmp /var/tmp /run /etc/systemd/system /var/lib/systemd /var/log/journal; do
  [ -d "$dir" ] || continue
  mount -t tmpfs -o mode=0755,nosuid,nodev svc4j-e2e "$dir" || fail "cannot mount a tmpfs on $dir"
  # The tmpfs just mounted is identified by its source name; anything else means the mount did not
  # land where we think, and booting would write to the host.
  src="$(mount_source "$dir")"
  [ "$src" = svc4j-e2e ] || fail "$dir is not the private tmpfs after mounting (source '$src')"
done
chmod 1777 /tmp /var/tmp
if [ "$(stat -c %d:%i "$keep" 2>/dev/null || true)" != "$keep_id" ]; then
  # --no-canonicalize: mount(8) would otherwise resolve the fd link to a path inside the new tmpfs.
  mkdir -p "$keep" && mount --no-canonicalize --bind /proc/self/fd/9 "$keep" || fail "cannot keep $keep visible"
  [ "$(stat -c %d:%i "$keep")" = "$keep_id" ] || fail "$keep is not the checkout after binding it back"
fi
exec 9<&-

# systemd remounts /sys/fs/cgroup read-only and adds directories to it at boot. That tmpfs is the host's
# (a remount changes the superblock for every namespace), so it gets a private tmpfs holding bind
# mounts of the host's cgroup hierarchies.
stage=/run/svc4j-host-cgroup
mkdir -p "$stage"
mount --rbind /sys/fs/cgroup "$stage" || fail "cannot bind /sys/fs/cgroup"
mount -t tmpfs -o mode=0755,nosuid,nodev,noexec svc4j-e2e /sys/fs/cgroup || fail "cannot mount a tmpfs on /sys/fs/cgroup"
src="$(mount_source /sys/fs/cgroup)"
[ "$src" = svc4j-e2e ] || fail "/sys/fs/cgroup is not the private tmpfs after mounting (source '$src')"
for entry in "$stage"/*; do
  name="${entry##*/}"
  if [ -L "$entry" ]; then
    ln -s "$(readlink "$entry")" "/sys/fs/cgroup/$name"
  elif mountpoint -q "$entry"; then
    mkdir "/sys/fs/cgroup/$name"
    mount --bind "$entry" "/sys/fs/cgroup/$name" || fail "cannot bind cgroup hierarchy $name"
  fi
done
umount -R "$stage" || fail "cannot detach $stage"
rmdir "$stage"

# Boot-time units that would change the host: wipe or create files in shared directories, set kernel
# parameters, load modules, touch /dev, write utmp/wtmp, remount the root file system, set the clock.
mkdir -p /run/systemd/system
for unit in \
  systemd-tmpfiles-setup.service systemd-tmpfiles-setup-dev.service \
  systemd-tmpfiles-clean.timer systemd-tmpfiles-clean.service \
  systemd-sysctl.service systemd-modules-load.service systemd-binfmt.service \
  proc-sys-fs-binfmt_misc.automount proc-sys-fs-binfmt_misc.mount kmod-static-nodes.service \
  systemd-sysusers.service ldconfig.service systemd-hwdb-update.service \
  systemd-journal-catalog-update.service systemd-update-done.service \
  systemd-random-seed.service systemd-update-utmp.service systemd-journal-flush.service \
  systemd-machine-id-commit.service systemd-firstboot.service systemd-remount-fs.service \
  systemd-pstore.service systemd-repart.service systemd-timesyncd.service \
  systemd-udevd.service systemd-udev-trigger.service systemd-udev-settle.service \
  systemd-udevd-control.socket systemd-udevd-kernel.socket \
  systemd-pcrphase.service systemd-pcrphase-sysinit.service; do
  ln -s /dev/null "/run/systemd/system/$unit" || fail "cannot mask $unit"
done

# Container mode: systemd skips host-level work (e.g. swapoff and loop/DM detach at shutdown).
export container=svc4j-e2e
exec /lib/systemd/systemd --system --unit=basic.target --log-target=null
